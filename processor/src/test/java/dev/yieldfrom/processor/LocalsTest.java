package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locals and parameters: those that live across suspensions (the state machine keeps them) and
 * those that do not, names that clash with the machinery, sibling scopes, captures.
 */
class LocalsTest {
  static final String LOCALS =
      """
      package lo;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.function.Supplier;

      class Locals {
        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        @Coroutine
        static Gen<String, Object, String> liftedAndNot(int seed) {
          int kept = seed * 2;
          String before = "b" + kept;
          Trace.log(before);
          yieldValue("one");
          int scratch = kept + 1;
          Trace.log("scratch " + scratch);
          kept += scratch;
          yieldValue("two");
          long wide = kept;
          double half = wide / 2.0;
          char c = 'x';
          boolean flag = half > 1;
          yieldValue("three");
          return done(kept + " " + wide + " " + half + " " + c + " " + flag);
        }

        @Coroutine
        static Gen<String, Object, String> parameters(int n, String text, List<String> sink) {
          sink.add(text);
          yieldValue("n=" + n);
          n = n + 1;
          text = text + "!";
          yieldValue("n=" + n);
          sink.add(text);
          return done(text + n);
        }

        @Coroutine
        static Gen<String, Object, String> machineryNames(int state, String resume) {
          int $sent = state + 1;
          yieldValue(resume + state);
          String $thrown = resume + $sent;
          yieldValue($thrown);
          return done(state + resume + $sent + $thrown);
        }

        @Coroutine
        static Gen<String, Object, String> siblingBlocksReuseAName() {
          String out = "";
          {
            int a = 1;
            yieldValue("int " + a);
            out += a;
          }
          {
            String a = "s";
            yieldValue("string " + a);
            out += a;
          }
          return done(out);
        }

        @Coroutine
        static Gen<String, Object, String> freshLocalPerIteration() {
          String out = "";
          int i = 0;
          while (i < 3) {
            int fresh;
            if (i % 2 == 0) {
              fresh = i * 10;
            } else {
              fresh = -i;
            }
            yieldValue("fresh " + fresh);
            out += fresh + ",";
            i++;
          }
          return done(out);
        }

        @Coroutine
        static Gen<String, Object, String> varFinalAndArrays() {
          var list = new ArrayList<String>();
          final int base = 7;
          int[] numbers = {1, 2, 3};
          String[][] grid = new String[2][2];
          yieldValue("a");
          list.add("x" + base);
          numbers[1] = yieldFrom(step("b", 20));
          grid[1][0] = "g";
          yieldValue("c");
          return done(list + " " + numbers[0] + numbers[1] + numbers[2] + " " + grid[1][0] + grid[0][0]);
        }

        @Coroutine
        static Gen<String, Object, String> declaredWithoutInitializer(boolean b) {
          String s;
          int n;
          yieldValue("start");
          if (b) {
            s = "yes";
            n = 1;
          } else {
            s = yieldFrom(step("no", "no"));
            n = 2;
          }
          yieldValue(s);
          return done(s + n);
        }

        @Coroutine
        static Gen<String, Object, String> lambdasCaptureEachIterationsLocal() {
          List<Supplier<String>> suppliers = new ArrayList<>();
          int i = 0;
          while (i < 3) {
            String captured = "v" + i;
            yieldValue(captured);
            suppliers.add(() -> captured);
            i++;
          }
          StringBuilder out = new StringBuilder();
          for (Supplier<String> s : suppliers) {
            out.append(s.get());
          }
          return done(out.toString());
        }

        @Coroutine
        static Gen<String, Object, String> lambdaCapturesLocalAcrossSuspension() {
          String greeting = "hello";
          Supplier<String> early = () -> greeting + " early";
          yieldValue("between");
          Supplier<String> late = () -> greeting + " late";
          return done(early.get() + ", " + late.get());
        }

        @Coroutine
        static Gen<String, Object, Integer> manyLocalsManyStates() {
          int a = 1;
          int b = yieldFrom(step("b", 2));
          int c = yieldFrom(step("c", a + b));
          int d = yieldFrom(step("d", b + c));
          int e = yieldFrom(step("e", c + d));
          return done(a + b + c + d + e);
        }
      }
      """;

  /** Anonymous classes in a body; apart, so a failure to compile them hides no other test. */
  static final String ANONYMOUS =
      """
      package lo;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;
      import java.util.function.Supplier;

      class Anonymous {
        @Coroutine
        static Gen<String, Object, String> anonymousClassBeforeASuspension() {
          Runnable r = new Runnable() {
            @Override
            public void run() {
              dev.yieldfrom.processor.testing.Trace.log("ran");
            }
          };
          r.run();
          yieldValue("after run");
          return done("ok");
        }

        @Coroutine
        static Gen<String, Object, String> anonymousClassLocalAcrossASuspension() {
          Supplier<String> supplier = new Supplier<>() {
            int calls;

            @Override
            public String get() {
              return "supplied " + ++calls;
            }
          };
          yieldValue(supplier.get());
          return done(supplier.get());
        }
      }
      """;

  // Types javac infers rather than reads: var loop variables and implicitly typed lambda
  // parameters, in statements that are copied and in ones that suspend. Javac 25 gives these
  // synthesized type trees a start but no end position. One class and compilation each.

  static final String IMPLICIT_COPIED =
      """
      package lo;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;

      class ImplicitCopied {
        @Coroutine
        static Gen<String, Object, Integer> varLoopVariableInACopiedLoop(List<String> items) {
          int n = 0;
          for (var s : items) {
            n += s.length();
          }
          yieldValue("n=" + n);
          return done(n);
        }
      }
      """;

  static final String IMPLICIT_SUSPENDING =
      """
      package lo;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;

      class ImplicitSuspending {
        @Coroutine
        static Gen<String, Object, Integer> varLoopVariableInASuspendingLoop(List<String> items) {
          int n = 0;
          for (var s : items) {
            yieldValue(s);
            n += s.length();
          }
          return done(n);
        }
      }
      """;

  static final String IMPLICIT_LAMBDAS =
      """
      package lo;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;
      import java.util.function.BiFunction;
      import java.util.function.Function;

      class ImplicitLambdas {
        @Coroutine
        static Gen<String, Object, Integer> implicitlyTypedLambdaParameters(List<String> items) {
          Function<String, Integer> length = s -> s.length();
          BiFunction<Integer, Integer, Integer> add = (var a, var b) -> a + b;
          int n = 0;
          for (String item : items) {
            n = add.apply(n, yieldFrom(measure(item, x -> length.apply(x) * 10)));
          }
          return done(n);
        }

        @Coroutine
        static Gen<String, Object, Integer> measure(String item, Function<String, Integer> f) {
          yieldValue(item);
          return done(f.apply(item));
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Object run(String method, Object... arguments) {
    Compiled compiled = CoroutineCompiler.shared(LOCALS);
    Gen<?, ?, ?> generator = compiled.call("lo.LocalsCoroutines", method, arguments);
    return Drive.all(generator);
  }

  private static Object runImplicit(String source, String method, Object... arguments) {
    Compiled compiled = CoroutineCompiler.shared(source);
    String className = "lo." + CoroutineCompiler.qualifiedName(source).substring(3) + "Coroutines";
    Gen<?, ?, ?> generator = compiled.call(className, method, arguments);
    return Drive.all(generator);
  }

  private static Object runAnonymous(String method) {
    Compiled compiled = CoroutineCompiler.shared(ANONYMOUS);
    return Drive.all(compiled.call("lo.AnonymousCoroutines", method));
  }

  @Test
  void localsLiftedAcrossSuspensionsAndLocalsThatAreNot() {
    assertThat(run("liftedAndNot", 3)).isEqualTo("13 13 6.5 x true");
    assertThat(Trace.take())
        .containsExactly("b6", "yield one", "scratch 7", "yield two", "yield three")
        .inOrder();
  }

  @Test
  void parametersAreAssignableAndKeptAcrossSuspensions() {
    List<String> sink = new ArrayList<>();
    assertThat(run("parameters", 1, "t", sink)).isEqualTo("t!2");
    assertThat(sink).containsExactly("t", "t!").inOrder();
    assertThat(Trace.take()).containsExactly("yield n=1", "yield n=2").inOrder();
  }

  @Test
  void parametersAndLocalsNamedLikeTheStateMachinesOwnNames() {
    assertThat(run("machineryNames", 4, "r")).isEqualTo("4r5r5");
    assertThat(Trace.take()).containsExactly("yield r4", "yield r5").inOrder();
  }

  @Test
  void siblingBlocksMayDeclareTheSameNameWithDifferentTypes() {
    assertThat(run("siblingBlocksReuseAName")).isEqualTo("1s");
    assertThat(Trace.take()).containsExactly("yield int 1", "yield string s").inOrder();
  }

  @Test
  void aLocalDeclaredInALoopBodyIsFreshEachIteration() {
    assertThat(run("freshLocalPerIteration")).isEqualTo("0,-1,20,");
    assertThat(Trace.take())
        .containsExactly("yield fresh 0", "yield fresh -1", "yield fresh 20")
        .inOrder();
  }

  @Test
  void varFinalAndArrayInitializerLocals() {
    assertThat(run("varFinalAndArrays")).isEqualTo("[x7] 1203 gnull");
    assertThat(Trace.take()).containsExactly("yield a", "yield b", "yield c").inOrder();
  }

  @Test
  void localsDeclaredWithoutInitializerAndAssignedInBranches() {
    assertThat(run("declaredWithoutInitializer", true)).isEqualTo("yes1");
    assertThat(Trace.take()).containsExactly("yield start", "yield yes").inOrder();
    assertThat(run("declaredWithoutInitializer", false)).isEqualTo("no2");
    assertThat(Trace.take()).containsExactly("yield start", "yield no", "yield no").inOrder();
  }

  @Test
  void aLambdaCapturesTheValueOfItsIterationNotTheLastOne() {
    // Java semantics: each lambda captures the local of its own iteration.
    assertThat(run("lambdasCaptureEachIterationsLocal")).isEqualTo("v0v1v2");
    assertThat(Trace.take()).containsExactly("yield v0", "yield v1", "yield v2").inOrder();
  }

  @Test
  void lambdasCaptureALocalLivingAcrossASuspension() {
    assertThat(run("lambdaCapturesLocalAcrossSuspension")).isEqualTo("hello early, hello late");
    assertThat(Trace.take()).containsExactly("yield between");
  }

  @Test
  void manyLocalsOverManyStates() {
    assertThat(run("manyLocalsManyStates")).isEqualTo(19);
    assertThat(Trace.take())
        .containsExactly("yield b", "yield c", "yield d", "yield e")
        .inOrder();
  }

  @Test
  void anAnonymousClassInAStatementBeforeASuspension() {
    assertThat(runAnonymous("anonymousClassBeforeASuspension")).isEqualTo("ok");
    assertThat(Trace.take()).containsExactly("ran", "yield after run").inOrder();
  }

  @Test
  void aLocalHoldingAnAnonymousClassLivesAcrossASuspension() {
    assertThat(runAnonymous("anonymousClassLocalAcrossASuspension")).isEqualTo("supplied 2");
    assertThat(Trace.take()).containsExactly("yield supplied 1");
  }

  @Test
  void varLoopVariableOfACopiedLoop() {
    assertThat(runImplicit(IMPLICIT_COPIED, "varLoopVariableInACopiedLoop", List.of("ab", "c")))
        .isEqualTo(3);
    assertThat(Trace.take()).containsExactly("yield n=3");
  }

  @Test
  void varLoopVariableOfASuspendingLoop() {
    assertThat(runImplicit(IMPLICIT_SUSPENDING, "varLoopVariableInASuspendingLoop", List.of("ab", "c")))
        .isEqualTo(3);
    assertThat(Trace.take()).containsExactly("yield ab", "yield c").inOrder();
  }

  @Test
  void implicitlyTypedLambdaParameters() {
    assertThat(runImplicit(IMPLICIT_LAMBDAS, "implicitlyTypedLambdaParameters", List.of("ab", "c")))
        .isEqualTo(30);
    assertThat(Trace.take()).containsExactly("yield ab", "yield c").inOrder();
  }
}
