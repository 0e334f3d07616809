package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A coroutine created by an expression statement and thrown away never runs: javac warns at the
 * call, unless {@code @SuppressWarnings("YieldFromNotAwaited")} says it is meant.
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
}
