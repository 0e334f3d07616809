package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A coroutine created by an expression statement and thrown away never runs: javac warns at the
 * call, unless {@code @SuppressWarnings("YieldFromNotAwaited")} says it is meant; in debug mode,
 * one garbage collected without ever running is logged with where it was created.
 */
class NotAwaitedTest {
  private static final String SHOP =
      """
      package na;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;

      public class Shop {
        @Coroutine
        public static Co<String> fetch() {
          return done("x");
        }

        @Coroutine
        static Co<String> outer() {
          fetch(); // bare
          Shop.fetch(); // qualified
          String awaited = yieldFrom(fetch());
          Co<String> kept = fetch();
          return done(awaited + kept);
        }

        @Coroutine
        @SuppressWarnings("YieldFromNotAwaited")
        static Co<String> meant() {
          fetch();
          return done("m");
        }

        static void main() {
          ShopCoroutines.fetch(); // factory
          na.ShopCoroutines.outer(); // qualified factory
          Object kept = ShopCoroutines.fetch();
        }

        @SuppressWarnings({"unused", "YieldFromNotAwaited"})
        static void alsoMeant() {
          ShopCoroutines.fetch(); // other package
        }
      }
      """;

  private static final String ELSEWHERE =
      """
      package nb;

      import na.ShopCoroutines;

      class Elsewhere {
        static void run() {
          ShopCoroutines.fetch(); // other package
        }
      }
      """;

  @Test
  void warnsAtEachDiscardedCoroutineOnly() {
    JavaFileObject shop = CoroutineCompiler.file(SHOP);
    JavaFileObject elsewhere = CoroutineCompiler.file(ELSEWHERE);
    Compilation compilation = CoroutineCompiler.compile(List.of(), List.of(shop, elsewhere));
    assertThat(compilation).succeeded();
    assertThat(
            compilation.warnings().stream()
                .map(NotAwaitedTest::where)
                .collect(Collectors.toList()))
        .containsExactly(
            "Shop.java:" + line(SHOP, "// bare"),
            "Shop.java:" + line(SHOP, "// qualified"),
            "Shop.java:" + line(SHOP, "// factory"),
            "Shop.java:" + line(SHOP, "// qualified factory"),
            "Elsewhere.java:" + line(ELSEWHERE, "// other package"));
    assertThat(compilation)
        .hadWarningContaining(
            "[YieldFromNotAwaited] the coroutine fetch(...) creates is discarded, so it never runs:"
                + " await it with yieldFrom(...)")
        .inFile(shop)
        .onLine(line(SHOP, "// qualified"));
    assertThat(compilation)
        .hadWarningContaining(
            "[YieldFromNotAwaited] the coroutine outer(...) creates is discarded, so it never runs:"
                + " run it, e.g. loop.runUntilComplete(...) or schedule it with"
                + " loop.createTask(...); @SuppressWarnings(\"YieldFromNotAwaited\") if it is meant")
        .inFile(shop)
        .onLine(line(SHOP, "// qualified factory"));
  }

  private static String where(Diagnostic<? extends JavaFileObject> d) {
    assertWithMessage("%s", d).that(d.getMessage(null)).startsWith("[YieldFromNotAwaited]");
    String name = d.getSource().getName();
    return name.substring(name.lastIndexOf('/') + 1) + ":" + d.getLineNumber();
  }

  private static long line(String source, String marker) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line ends with " + marker);
  }

  private static final String RUNTIME =
      """
      package nr;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;

      public class Lost {
        @Coroutine
        static Co<String> fetch(String what) {
          return done(what);
        }

        public static Object create(String what) {
          return LostCoroutines.fetch(what); // created here
        }
      }
      """;

  @Test
  void inDebugModeACoroutineNeverAwaitedIsLoggedWithWhereItWasCreated() throws Exception {
    Compiled compiled = CoroutineCompiler.shared(RUNTIME);
    Logger logger = Logger.getLogger(Gen.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    EventLoop loop = EventLoop.createVirtual();
    try {
      compiled.call("nr.Lost", "create", "before debug mode"); // not followed: no cost, no report
      loop.setDebug(true);
      Gen<?, ?, ?> awaited = compiled.call("nr.Lost", "create", "awaited");
      assertThat(loop.runUntilComplete((Co<?>) awaited)).isEqualTo("awaited");
      ((Gen<?, ?, ?>) compiled.call("nr.Lost", "create", "closed")).close();
      compiled.call("nr.Lost", "create", "lost");
      awaited = null;
      for (int i = 0; i < 100 && records.isEmpty(); i++) {
        System.gc();
        Thread.sleep(20);
      }
      for (int i = 0; i < 5; i++) {
        System.gc(); // the others would be reported by now too
        Thread.sleep(20);
      }
    } finally {
      loop.setDebug(false);
      loop.close();
      logger.removeHandler(handler);
    }
    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
    assertThat(record.getMessage())
        .isEqualTo(
            "coroutine nr.Lost.fetch was never awaited; created at nr.Lost.create(Lost.java:"
                + line(RUNTIME, "// created here")
                + ")");
    assertThat(record.getThrown()).hasMessageThat().isEqualTo("the coroutine was created here");
  }
}
