package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Code that refers to classes generated in the same build. {@code var x = XCoroutines.f();} in a
 * coroutine body and in a plain method next to it is the case that crashes javac when a body is
 * attributed before the companions exist (see docs/javac-attribution.md). Also classes in
 * two packages delegating to each other, and coroutines in nested classes.
 */
class SameBuildTest {
  static final String USES =
      """
      package p1;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.EventLoop;

      class Uses {
        @Coroutine
        static Co<String> leaf(String s) {
          Trace.log("leaf " + s);
          return done(s.toUpperCase());
        }

        @Coroutine
        static Co<String> viaVar() {
          var pending = UsesCoroutines.leaf("a");
          var other = p2.RemoteCoroutines.remote(2);
          String r = yieldFrom(pending);
          int n = yieldFrom(other);
          return done(r + n);
        }

        static String plainMethodUsingVar() {
          var coroutine = UsesCoroutines.viaVar();
          var loop = EventLoop.create();
          return loop.runUntilComplete(coroutine);
        }

        static final class Nested {
          @Coroutine
          static Co<Integer> nestedStatic(int x) {
            int doubled = yieldFrom(p2.Remote.remote(x));
            return done(doubled + 1);
          }

          static final class Deeper {
            @Coroutine
            static Co<String> deepest() {
              var n = Uses_NestedCoroutines.nestedStatic(3);
              return done("deep " + yieldFrom(n));
            }
          }
        }
      }
      """;

  static final String REMOTE =
      """
      package p2;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;

      public class Remote {
        @Coroutine
        public static Co<Integer> remote(int x) {
          Trace.log("remote " + x);
          if (x > 10) {
            return done(yieldFrom(Back.back(x)));
          }
          return done(x * 2);
        }
      }
      """;

  static final String BACK =
      """
      package p2;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;

      public class Back {
        @Coroutine
        public static Co<Integer> back(int x) {
          return done(-x);
        }
      }
      """;

  static final String PING =
      """
      package pa;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Steps;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;

      public class Ping {
        @Coroutine
        public static Co<Integer> ping(int n) {
          Trace.log("ping " + n);
          if (n == 0) {
            return done(0);
          }
          int rest = yieldFrom(pb.Pong.pong(n - 1));
          yieldFrom(Steps.later("ping after " + n, 0));
          return done(rest + 1);
        }
      }
      """;

  static final String PONG =
      """
      package pb;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import pa.Ping;
      import pa.PingCoroutines;

      public class Pong {
        @Coroutine
        public static Co<Integer> pong(int n) {
          Trace.log("pong " + n);
          if (n == 0) {
            return done(100);
          }
          var next = PingCoroutines.ping(n - 1);
          int viaFactory = yieldFrom(next);
          int viaTemplate = yieldFrom(Ping.ping(0));
          return done(viaFactory + viaTemplate + 1);
        }
      }
      """;

  static final String NESTED =
      """
      package nc;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;

      class Outer {
        static final class StaticNested {
          @Coroutine
          static Co<String> hello(String who) {
            Trace.log("hello " + who);
            return done("hello " + who);
          }

          @Coroutine
          static Co<String> twice() {
            String a = yieldFrom(hello("a"));
            String b = yieldFrom(Outer.StaticNested.hello("b"));
            return done(a + ", " + b);
          }
        }

        final class Inner {
          final String tag;

          Inner(String tag) {
            this.tag = tag;
          }

          @Coroutine
          Gen<String, Object, String> tagged(int n) {
            int i = 0;
            while (i < n) {
              yieldValue(tag + i);
              i++;
            }
            return done(tag);
          }
        }

        interface Api {
          @Coroutine
          static Co<Integer> inInterface() {
            return done(7);
          }
        }

        enum Mode {
          ON;

          @Coroutine
          Co<String> describe() {
            return done(name().toLowerCase());
          }
        }

        static Inner inner(String tag) {
          return new Outer().new Inner(tag);
        }

        @Coroutine
        static Co<String> usesAll() {
          String s = yieldFrom(StaticNested.twice());
          int n = yieldFrom(Api.inInterface());
          String m = yieldFrom(Mode.ON.describe());
          String t = yieldFrom(inner("t").tagged(0));
          return done(s + " " + n + " " + m + " " + t);
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  @Test
  void varInitializedFromAGeneratedFactoryInABodyAndInAPlainMethod() {
    Compiled compiled = CoroutineCompiler.shared(USES, REMOTE, BACK);
    String result = compiled.call("p1.Uses", "plainMethodUsingVar");
    assertThat(result).isEqualTo("A4");
    assertThat(Trace.take()).containsExactly("leaf a", "remote 2").inOrder();
  }

  @Test
  void nestedClassesReferringToEachOthersCompanionsThroughVar() {
    Compiled compiled = CoroutineCompiler.shared(USES, REMOTE, BACK);
    Gen<?, ?, ?> deepest = compiled.call("p1.Uses_Nested_DeeperCoroutines", "deepest");
    assertThat(Drive.onLoop(deepest)).isEqualTo("deep 7");
    Gen<?, ?, ?> remote = compiled.call("p2.RemoteCoroutines", "remote", 11);
    assertThat(Drive.onLoop(remote)).isEqualTo(-11);
  }

  @Test
  void varAloneInAPlainMethodCompiles() {
    // The smallest form of the crash: one class, one plain method.
    Compiled compiled =
        CoroutineCompiler.compileAndLoad(
            """
            package solo;

            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.runtime.Co;
            import dev.yieldfrom.runtime.EventLoop;

            class Solo {
              @Coroutine
              static Co<Integer> one() {
                return done(1);
              }

              static int run() {
                var co = SoloCoroutines.one();
                return EventLoop.create().runUntilComplete(co);
              }
            }
            """);
    int result = compiled.call("solo.Solo", "run");
    assertThat(result).isEqualTo(1);
  }

  @Test
  void twoClassesInDifferentPackagesDelegatingToEachOther() {
    Compiled compiled = CoroutineCompiler.shared(PING, PONG);
    Gen<?, ?, ?> ping = compiled.call("pa.PingCoroutines", "ping", 3);
    // ping 3 -> pong 2 -> ping 1 -> pong 0 (100); ping 1: 101; pong 2: 101 + ping 0 (0) + 1 = 102;
    // ping 3: 103.
    assertThat(Drive.onLoop(ping)).isEqualTo(103);
    assertThat(Trace.take())
        .containsExactly(
            "ping 3", "pong 2", "ping 1", "pong 0", "ping after 1", "ping 0", "ping after 3")
        .inOrder();
    assertThat(compiled.load("pa.PingCoroutines").getModifiers() & java.lang.reflect.Modifier.PUBLIC)
        .isNotEqualTo(0);
  }

  @Test
  void coroutinesInNestedClassesInterfacesAndEnums() {
    Compiled compiled = CoroutineCompiler.shared(NESTED);
    Gen<?, ?, ?> all = compiled.call("nc.OuterCoroutines", "usesAll");
    assertThat(Drive.onLoop(all)).isEqualTo("hello a, hello b 7 on t");
    assertThat(Trace.take()).containsExactly("hello a", "hello b").inOrder();
  }

  @Test
  void instanceCoroutineOfAnInnerClass() {
    Compiled compiled = CoroutineCompiler.shared(NESTED);
    Object inner = compiled.call("nc.Outer", "inner", "x");
    Gen<?, ?, ?> tagged = compiled.call("nc.Outer_InnerCoroutines", "tagged", inner, 2);
    assertThat(Drive.all(tagged)).isEqualTo("x");
    assertThat(Trace.take()).containsExactly("yield x0", "yield x1").inOrder();
  }

  @Test
  void aRebuildAfterAMethodIsRemovedRegeneratesTheCompanion(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) {
    String before =
        """
        package rb;

        import static dev.yieldfrom.runtime.Yield.*;

        import dev.yieldfrom.Coroutine;
        import dev.yieldfrom.runtime.Co;

        class Shop {
          @Coroutine
          static Co<String> open() {
            return done(yieldFrom(greet()) + "open");
          }

          @Coroutine
          static Co<String> greet() {
            return done("hello, ");
          }
        }
        """;
    String after = before.replace("yieldFrom(greet()) + ", "").replaceAll(
        "(?s)\\n  @Coroutine\\n  static Co<String> greet\\(\\) \\{.*?\\n  \\}\\n", "\n");
    assertThat(after).doesNotContain("greet");
    dev.yieldfrom.processor.testing.DiskCompilation first =
        dev.yieldfrom.processor.testing.DiskCompilation.compile(directory, before);
    assertThat(first.succeeded()).isTrue();
    assertThat(first.generatedSource("rb.ShopCoroutines")).contains("greet()");

    // Same output directories, stale generated sources and classes still there.
    dev.yieldfrom.processor.testing.DiskCompilation second =
        dev.yieldfrom.processor.testing.DiskCompilation.compile(directory, after);
    assertThat(second.errors()).isEmpty();
    assertThat(second.succeeded()).isTrue();
    assertThat(second.generatedSource("rb.ShopCoroutines")).doesNotContain("greet");
    assertThat(second.generatedSource("rb.Shop$0open")).doesNotContain("greet");
  }
}
