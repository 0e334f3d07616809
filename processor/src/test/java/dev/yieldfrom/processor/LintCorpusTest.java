package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The processor never generates Java that warns or fails to compile: every source set of the
 * behavioural tests, plus the type-heavy ones below, compiles with {@code -Xlint:all -Werror}
 * without a single warning. One compilation per set, so a failing test names the construct.
 */
class LintCorpusTest {
  /** Types that lifted locals and temporaries must be declared with. */
  static final String TYPES =
      """
      package ty;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Future;
      import dev.yieldfrom.runtime.Gen;
      import java.io.Serializable;
      import java.util.ArrayList;
      import java.util.Comparator;
      import java.util.List;
      import java.util.Map;
      import java.util.Optional;
      import java.util.function.BiFunction;
      import java.util.function.Function;

      /** Types that a lifted local or temporary must be declared with. */
      class Types {
        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        @Coroutine
        static Gen<String, Object, String> wildcardsAndCaptures(List<? extends Number> numbers, List<?> anything) {
          var first = numbers.get(0);
          var any = anything.get(0);
          List<? super Integer> sink = new ArrayList<Number>();
          yieldValue("captured");
          sink.add(first.intValue());
          return done(first.doubleValue() + " " + any + " " + sink);
        }

        @Coroutine
        static Gen<String, Object, String> intersectionsAndLubs(boolean flag) {
          var mixed = List.of(1, "a");
          var either = flag ? Integer.valueOf(1) : "one";
          Serializable s = either;
          yieldValue("lub");
          return done(mixed.size() + " " + either + " " + s);
        }

        @Coroutine
        static Gen<String, Object, String> functionalTypes() {
          Function<String, Integer> length = String::length;
          BiFunction<Integer, Integer, Integer> add = Integer::sum;
          Comparator<String> byLength = Comparator.comparing(length);
          Optional<String> maybe = Optional.of("abc");
          yieldValue("functions");
          int n = add.apply(length.apply(maybe.orElse("")), 1);
          return done(n + " " + byLength.compare("a", "bb"));
        }

        @Coroutine
        static Gen<String, Object, String> primitivesAndBoxes() {
          byte b = 1;
          short sh = 2;
          char c = 'c';
          float f = 1.5f;
          long l = 3L;
          Integer boxed = 4;
          int[] ints = {1};
          long[][] longs = new long[1][1];
          yieldValue("primitives");
          b += 1;
          sh *= 2;
          c++;
          f /= 2;
          l <<= 1;
          boxed += yieldFrom(step("boxed", 1));
          ints[0] += yieldFrom(step("int element", 1));
          longs[0][0] -= yieldFrom(step("long element", 2));
          return done(b + " " + sh + " " + c + " " + f + " " + l + " " + boxed + " " + ints[0] + " " + longs[0][0]);
        }

        @Coroutine
        static Gen<String, Object, Map<String, List<Integer>>> nestedGenerics() {
          Map<String, List<Integer>> map = new java.util.TreeMap<>();
          map.computeIfAbsent("k", k -> new ArrayList<>()).add(yieldFrom(step("value", 1)));
          for (Map.Entry<String, List<Integer>> e : map.entrySet()) {
            yieldValue(e.getKey());
          }
          return done(map);
        }

        @Coroutine
        static Co<Void> voidCoroutine(Future<String> future) {
          String s = yieldFrom(future);
          if (s.isEmpty()) {
            return done();
          }
          return done();
        }

        @Coroutine
        static Co<String> varargs(String... parts) {
          String joined = String.join(",", parts);
          return done(yieldFrom(step("joined", joined)) + parts.length);
        }

        @Coroutine
        static Co<Integer> throwsChecked(int n) throws java.io.IOException, InterruptedException {
          if (n < 0) {
            throw new java.io.IOException("negative");
          }
          if (n == 0) {
            throw new InterruptedException();
          }
          return done(yieldFrom(step("n", n)));
        }
      }
      """;

  /** A generic @SafeVarargs coroutine: its factory must not warn about heap pollution. */
  static final String GENERIC_VARARGS =
      """
      package ty;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import java.util.ArrayList;
      import java.util.List;

      class GenericVarargs {
        @Coroutine
        @SafeVarargs
        static <T> Co<List<T>> collect(T... items) {
          List<T> out = new ArrayList<>();
          for (T item : items) {
            out.add(item);
          }
          return done(out);
        }
      }
      """;

  /** Compiles {@code sources} with -Xlint:all -Werror and asserts there was nothing to say. */
  private static void assertCompilesWithoutWarnings(String... sources) {
    Compilation compilation = CoroutineCompiler.compile(List.of("-Xlint:all", "-Werror"), sources);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void controlFlow() {
    assertCompilesWithoutWarnings(ControlFlowTest.FLOW);
  }

  @Test
  void forLoops() {
    assertCompilesWithoutWarnings(ControlFlowTest.FOR);
  }

  @Test
  void locals() {
    assertCompilesWithoutWarnings(LocalsTest.LOCALS);
  }

  @Test
  void anonymousClasses() {
    assertCompilesWithoutWarnings(LocalsTest.ANONYMOUS);
  }

  @Test
  void implicitTypes() {
    assertCompilesWithoutWarnings(
        LocalsTest.IMPLICIT_COPIED, LocalsTest.IMPLICIT_SUSPENDING, LocalsTest.IMPLICIT_LAMBDAS);
  }

  @Test
  void expressions() {
    assertCompilesWithoutWarnings(ExpressionsTest.EXPR);
  }

  @Test
  void arrayInitializers() {
    assertCompilesWithoutWarnings(ExpressionsTest.BRACES);
  }

  @Test
  void evaluationOrder() {
    assertCompilesWithoutWarnings(EvaluationOrderTest.ORDER);
  }

  @Test
  void classes() {
    assertCompilesWithoutWarnings(ClassesTest.ACCOUNT, ClassesTest.GENERIC, ClassesTest.RECURSION, ClassesTest.OTHER);
  }

  @Test
  void explicitTypeArguments() {
    assertCompilesWithoutWarnings(ClassesTest.EXPLICIT);
  }

  @Test
  void generatorProtocol() {
    assertCompilesWithoutWarnings(GeneratorProtocolTest.PROTOCOL);
  }

  @Test
  void creation() {
    // Lazy calls its templates directly on purpose: those calls, and nothing else, must warn.
    Compilation compilation = CoroutineCompiler.compile(List.of("-Xlint:all"), CreationTest.LAZY);
    assertThat(compilation).succeeded();
    List<String> warnings =
        compilation.warnings().stream()
            .map(w -> w.getSource().getName() + ":" + w.getLineNumber() + ": " + w.getMessage(null))
            .toList();
    assertThat(warnings).hasSize(3); // the call on an instance (new Lazy(..).instanceBody()) is not seen by syntax
    for (String warning : warnings) {
      assertThat(warning).contains("Lazy.java:");
      assertThat(warning).contains("[YieldFromTemplateCall]");
    }
  }

  @Test
  void sameBuild() {
    assertCompilesWithoutWarnings(SameBuildTest.USES, SameBuildTest.REMOTE, SameBuildTest.BACK);
  }

  @Test
  void packages() {
    assertCompilesWithoutWarnings(SameBuildTest.PING, SameBuildTest.PONG);
  }

  @Test
  void nestedClasses() {
    assertCompilesWithoutWarnings(SameBuildTest.NESTED);
  }

  @Test
  void types() {
    assertCompilesWithoutWarnings(TYPES);
  }

  @Test
  void genericVarargs() {
    assertCompilesWithoutWarnings(GENERIC_VARARGS);
  }
}
