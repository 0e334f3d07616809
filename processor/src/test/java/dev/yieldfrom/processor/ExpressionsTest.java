package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * yieldFrom in every expression position the lowering supports. Each suspension yields its tag,
 * so the trace shows exactly which ones ran, and in which order.
 */
class ExpressionsTest {
  static final String EXPR =
      """
      package ex;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;
      import java.util.ArrayList;
      import java.util.List;

      class Expr {
        static int field;
        int instanceField;

        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        static String join(Object a, Object b) {
          return a + "|" + b;
        }

        @Coroutine
        static Gen<String, Object, String> statementAndInitializer() {
          yieldFrom(step("discarded", "ignored"));
          String s = yieldFrom(step("init", "value"));
          return done(s);
        }

        @Coroutine
        static Gen<String, Object, String> assignments() {
          String s = "old";
          s = yieldFrom(step("local", "new"));
          field = yieldFrom(step("static field", 5));
          Expr e = new Expr();
          e.instanceField = yieldFrom(step("instance field", 6));
          int[] a = new int[3];
          a[1] = yieldFrom(step("element", 7));
          int x;
          int y = x = yieldFrom(step("chained", 8));
          return done(s + " " + field + " " + e.instanceField + " " + a[1] + " " + x + " " + y);
        }

        @Coroutine
        static Gen<String, Object, String> arguments() {
          String s = join(yieldFrom(step("first", 1)), "b");
          String t = join("a", yieldFrom(step("second", 2)));
          int m = Math.max(yieldFrom(step("max1", 3)), yieldFrom(step("max2", 4)));
          StringBuilder sb = new StringBuilder(yieldFrom(step("ctor", "sb")));
          List<String> list = new ArrayList<>(List.of(yieldFrom(step("nested", "n"))));
          return done(s + " " + t + " " + m + " " + sb + " " + list);
        }

        @Coroutine
        static Gen<String, Object, Integer> returned() {
          return done(yieldFrom(step("returned", 41)) + 1);
        }

        @Coroutine
        static Gen<String, Object, String> binaryOperands() {
          int sum = yieldFrom(step("left", 10)) + yieldFrom(step("right", 5));
          int product = 3 * yieldFrom(step("times", 4));
          String text = "<" + yieldFrom(step("s1", "a")) + "-" + yieldFrom(step("s2", "b")) + ">";
          boolean less = yieldFrom(step("cmp", 1)) < 2;
          return done(sum + " " + product + " " + text + " " + less);
        }

        @Coroutine
        static Gen<String, Object, String> arrayIndex() {
          String[] names = {"zero", "one", "two"};
          String picked = names[yieldFrom(step("index", 2))];
          int[][] grid = {{1, 2}, {3, 4}};
          int cell = grid[yieldFrom(step("row", 1))][yieldFrom(step("col", 0))];
          String[] fetched = yieldFrom(step("array", new String[] {"x", "y"}));
          return done(picked + " " + cell + " " + fetched[1] + " " + yieldFrom(step("whole", names))[0]);
        }

        @Coroutine
        static Gen<String, Object, String> shortCircuit(boolean left) {
          boolean and = Trace.log("and-left", left) && yieldFrom(step("and-right", true));
          boolean or = Trace.log("or-left", left) || yieldFrom(step("or-right", false));
          return done(and + " " + or);
        }

        @Coroutine
        static Gen<String, Object, String> conditional(boolean which) {
          String s = Trace.log("cond", which) ? yieldFrom(step("true-branch", "T")) : yieldFrom(step("false-branch", "F"));
          String t = which ? "plain" : yieldFrom(step("only-false", "suspended"));
          return done(s + " " + t);
        }

        @Coroutine
        static Gen<String, Object, String> compoundAssignments() {
          int x = 1;
          x += yieldFrom(step("plus", 10));
          x *= yieldFrom(step("times", 3));
          x -= yieldFrom(step("minus", 3));
          x <<= yieldFrom(step("shift", 1));
          String s = "a";
          s += yieldFrom(step("concat", "b"));
          field = 100;
          field -= yieldFrom(step("field", 1));
          int[] a = {5, 6};
          a[1] += yieldFrom(step("element", 10));
          byte b = 10;
          b += yieldFrom(step("byte", (byte) 20));
          long l = 1;
          l += yieldFrom(step("long", 2));
          double d = 1.5;
          d *= yieldFrom(step("double", 2));
          return done(x + " " + s + " " + field + " " + a[1] + " " + b + " " + l + " " + d);
        }

        @Coroutine
        static Gen<String, Object, String> incrementsNextToSuspensions() {
          int i = 0;
          int[] a = new int[4];
          a[i++] = yieldFrom(step("at " + i, 7));
          int sum = i++ + yieldFrom(step("after " + i, 100)) + i;
          int j = 5;
          int k = yieldFrom(step("pre", j)) + --j;
          return done(a[0] + " " + i + " " + sum + " " + j + " " + k);
        }

        @Coroutine
        static Gen<String, Object, String> chainedCalls() {
          String trimmed = yieldFrom(step("trim", "  padded  ")).trim();
          int length = yieldFrom(step("length", "abcd")).substring(1).length();
          String upper = yieldFrom(step("list", List.of("q", "r"))).get(1).toUpperCase();
          return done(trimmed + " " + length + " " + upper);
        }

        @Coroutine
        static Gen<String, Object, String> unaryCastsAndInstanceof() {
          int neg = -yieldFrom(step("neg", 5));
          boolean not = !yieldFrom(step("not", false));
          long widened = (long) yieldFrom(step("cast", 3));
          Object o = yieldFrom(step("object", (Object) "str"));
          boolean isString = yieldFrom(step("instanceof", o)) instanceof String;
          int inverted = ~yieldFrom(step("complement", 0));
          return done(neg + " " + not + " " + widened + " " + isString + " " + inverted);
        }

        @Coroutine
        static Gen<String, Object, String> arrayCreation() {
          int[] values = new int[] {yieldFrom(step("v1", 1)), 2, yieldFrom(step("v3", 3))};
          String[] sized = new String[yieldFrom(step("size", 2))];
          return done(values[0] + "" + values[1] + values[2] + " " + sized.length);
        }

        @Coroutine
        static Gen<String, Object, Integer> nestedSuspensions() {
          int n = yieldFrom(step("outer", yieldFrom(step("inner", 1)) + 1));
          return done(n);
        }
      }
      """;

  /** {...} array initializers of declarations that suspend; apart, see the test. */
  static final String BRACES =
      """
      package ex;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;

      class Braces {
        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        @Coroutine
        static Gen<String, Object, String> arrayInitializerOfADeclaration() {
          String[] letters = {Trace.log("first", "a"), yieldFrom(step("second", "b")), "c"};
          int[][] nested = {{1}, {yieldFrom(step("nested", 2))}};
          return done(String.join("", letters) + nested[0][0] + nested[1][0]);
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Object run(String method, Object... arguments) {
    Gen<?, ?, ?> generator =
        CoroutineCompiler.shared(EXPR).call("ex.ExprCoroutines", method, arguments);
    return Drive.all(generator);
  }

  @Test
  void expressionStatementAndLocalInitializer() {
    assertThat(run("statementAndInitializer")).isEqualTo("value");
    assertThat(Trace.take()).containsExactly("yield discarded", "yield init").inOrder();
  }

  @Test
  void rightSideOfAssignmentsToLocalsFieldsElementsAndChainedAssignments() {
    assertThat(run("assignments")).isEqualTo("new 5 6 7 8 8");
    assertThat(Trace.take())
        .containsExactly(
            "yield local", "yield static field", "yield instance field", "yield element",
            "yield chained")
        .inOrder();
  }

  @Test
  void methodAndConstructorArguments() {
    assertThat(run("arguments")).isEqualTo("1|b a|2 4 sb [n]");
    assertThat(Trace.take())
        .containsExactly(
            "yield first", "yield second", "yield max1", "yield max2", "yield ctor", "yield nested")
        .inOrder();
  }

  @Test
  void returnedExpression() {
    assertThat(run("returned")).isEqualTo(42);
    assertThat(Trace.take()).containsExactly("yield returned");
  }

  @Test
  void bothOperandsOfArithmeticStringConcatenationAndComparison() {
    assertThat(run("binaryOperands")).isEqualTo("15 12 <a-b> true");
    assertThat(Trace.take())
        .containsExactly(
            "yield left", "yield right", "yield times", "yield s1", "yield s2", "yield cmp")
        .inOrder();
  }

  @Test
  void arrayIndexAndArrayExpression() {
    assertThat(run("arrayIndex")).isEqualTo("two 3 y zero");
    assertThat(Trace.take())
        .containsExactly("yield index", "yield row", "yield col", "yield array", "yield whole")
        .inOrder();
  }

  @Test
  void rightSideOfAndAndOrSuspendsOnlyIfEvaluated() {
    assertThat(run("shortCircuit", true)).isEqualTo("true true");
    assertThat(Trace.take()).containsExactly("and-left", "yield and-right", "or-left").inOrder();
    assertThat(run("shortCircuit", false)).isEqualTo("false false");
    assertThat(Trace.take()).containsExactly("and-left", "or-left", "yield or-right").inOrder();
  }

  @Test
  void conditionalSuspendsOnlyInTheTakenBranch() {
    assertThat(run("conditional", true)).isEqualTo("T plain");
    assertThat(Trace.take()).containsExactly("cond", "yield true-branch").inOrder();
    assertThat(run("conditional", false)).isEqualTo("F suspended");
    assertThat(Trace.take())
        .containsExactly("cond", "yield false-branch", "yield only-false")
        .inOrder();
  }

  @Test
  void compoundAssignmentsWithImplicitNarrowing() {
    assertThat(run("compoundAssignments")).isEqualTo("60 ab 99 16 30 3 3.0");
    assertThat(Trace.take())
        .containsExactly(
            "yield plus", "yield times", "yield minus", "yield shift", "yield concat",
            "yield field", "yield element", "yield byte", "yield long", "yield double")
        .inOrder();
  }

  @Test
  void incrementsNextToSuspensionsHappenOnceInJavaOrder() {
    assertThat(run("incrementsNextToSuspensions")).isEqualTo("7 2 103 4 9");
    assertThat(Trace.take()).containsExactly("yield at 1", "yield after 2", "yield pre").inOrder();
  }

  @Test
  void callsChainedOnTheResult() {
    assertThat(run("chainedCalls")).isEqualTo("padded 3 R");
    assertThat(Trace.take()).containsExactly("yield trim", "yield length", "yield list").inOrder();
  }

  @Test
  void unaryOperatorsCastsAndInstanceof() {
    assertThat(run("unaryCastsAndInstanceof")).isEqualTo("-5 true 3 true -1");
    assertThat(Trace.take())
        .containsExactly(
            "yield neg", "yield not", "yield cast", "yield object", "yield instanceof",
            "yield complement")
        .inOrder();
  }

  @Test
  void arrayCreationWithSuspendingElementsAndDimension() {
    assertThat(run("arrayCreation")).isEqualTo("123 2");
    assertThat(Trace.take()).containsExactly("yield v1", "yield v3", "yield size").inOrder();
  }

  @Test
  void aSuspensionInsideTheArgumentOfAnother() {
    assertThat(run("nestedSuspensions")).isEqualTo(2);
    assertThat(Trace.take()).containsExactly("yield inner", "yield outer").inOrder();
  }

  @Test
  void arrayInitializerOfADeclarationThatSuspends() {
    Gen<?, ?, ?> generator =
        CoroutineCompiler.shared(BRACES)
            .call("ex.BracesCoroutines", "arrayInitializerOfADeclaration");
    assertThat(Drive.all(generator)).isEqualTo("abc12");
    assertThat(Trace.take()).containsExactly("first", "yield second", "yield nested").inOrder();
  }
}
