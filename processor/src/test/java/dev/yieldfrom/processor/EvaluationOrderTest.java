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
 * Java's left-to-right evaluation order around suspensions: every operand logs when it is
 * evaluated, and the trace must show each exactly once, in Java's order, with the values Java
 * would have read (operands evaluated before a suspension keep their values).
 */
class EvaluationOrderTest {
  static final String ORDER =
      """
      package ev;

      import static dev.yieldfrom.processor.testing.Trace.log;
      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;

      class Order {
        static int counter;
        int count;
        String name = "n0";

        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        static String three(Object a, Object b, Object c) {
          log("call three");
          return a + "," + b + "," + c;
        }

        @Coroutine
        static Gen<String, Object, String> binaryChain() {
          String s = log("a", "A") + yieldFrom(step("b", "B")) + log("c", "C") + yieldFrom(step("d", "D")) + log("e", "E");
          return done(s);
        }

        @Coroutine
        static Gen<String, Object, String> methodArguments() {
          return done(three(log("arg1", 1), yieldFrom(step("arg2", 2)), log("arg3", 3)));
        }

        @Coroutine
        static Gen<String, Object, String> receiverBeforeArguments() {
          StringBuilder sb = new StringBuilder("x");
          log("receiver", sb).append(log("arg", "-")).append(yieldFrom(step("suspended arg", "y")));
          return done(sb.toString());
        }

        @Coroutine
        static Gen<String, Object, String> assignmentTargetBeforeValue() {
          int[] array = new int[3];
          log("array", array)[log("index", 2)] = yieldFrom(step("value", 9));
          Holder holder = new Holder();
          log("holder", holder).value = yieldFrom(step("field value", "v"));
          return done(array[2] + " " + holder.value);
        }

        static Order create() {
          return new Order();
        }

        static final class Holder {
          String value;
        }

        @Coroutine
        static Gen<String, Object, Integer> compoundReadsTheOldValueFirst() {
          counter = 1;
          counter += yieldFrom(bump());
          return done(counter);
        }

        @Coroutine
        static Gen<String, Object, Integer> bump() {
          log("bump sets counter to 100");
          counter = 100;
          yieldValue("bump");
          return done(5);
        }

        @Coroutine
        static Gen<String, Object, Integer> localChangedByALaterOperand() {
          int i = 1;
          int r = i + yieldFrom(step("assigns", (i = 10)));
          return done(r * 100 + i);
        }

        @Coroutine
        static Gen<String, Object, Integer> fieldChangedDuringTheSuspension() {
          counter = 1;
          int r = counter + yieldFrom(bump());
          return done(r);
        }

        @Coroutine
        Gen<String, Object, String> instanceFieldChangedDuringTheSuspension() {
          count = 1;
          int r = count + yieldFrom(setCount(50));
          String s = name + yieldFrom(rename("n1")) + name;
          return done(r + " " + s);
        }

        @Coroutine
        Gen<String, Object, Integer> setCount(int value) {
          count = value;
          yieldValue("setCount");
          return done(value);
        }

        @Coroutine
        Gen<String, Object, String> rename(String to) {
          name = to;
          yieldValue("rename");
          return done("+");
        }

        @Coroutine
        static Gen<String, Object, String> arrayElementReadBeforeSuspensionThatWritesIt() {
          int[] a = {1};
          int r = a[0] + yieldFrom(writeFirst(a));
          return done(r + " " + a[0]);
        }

        @Coroutine
        static Gen<String, Object, Integer> writeFirst(int[] a) {
          a[0] = 1000;
          yieldValue("write");
          return done(1);
        }

        @Coroutine
        static Gen<String, Object, Boolean> shortCircuitLeftOnce() {
          boolean r = log("left", true) && yieldFrom(step("right", log("right arg", true)));
          boolean s = log("left2", false) || log("middle", false) || yieldFrom(step("right2", true));
          return done(r && s);
        }

        @Coroutine
        static Gen<String, Object, String> conditionalOnce(boolean c) {
          String s = log("condition", c) ? log("then", "T") + yieldFrom(step("then step", "1")) : log("else", "E") + yieldFrom(step("else step", "2"));
          return done(s);
        }

        @Coroutine
        static Gen<String, Object, String> newObjectArguments() {
          return done(new StringBuilder(log("ctor arg", "a")).append(yieldFrom(step("append", "b"))).toString()
              + String.join(log("sep", "/"), yieldFrom(step("j1", "x")), log("j2", "y")));
        }

        @Coroutine
        static Gen<String, Object, String> arrayInitializerOrder() {
          String[] a = new String[] {log("i0", "a"), yieldFrom(step("i1", "b")), log("i2", "c")};
          return done(String.join("", a));
        }

        @Coroutine
        static Gen<String, Object, String> argumentsOfACoroutineCall() {
          String r = yieldFrom(step(log("tag arg", "tag") + yieldFrom(step("inner", "!")), log("value arg", "V")));
          return done(r);
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Compiled compiled() {
    return CoroutineCompiler.shared(ORDER);
  }

  private static Object run(String method, Object... arguments) {
    Gen<?, ?, ?> generator = compiled().call("ev.OrderCoroutines", method, arguments);
    return Drive.all(generator);
  }

  @Test
  void operandsOfAChainOfAdditions() {
    assertThat(run("binaryChain")).isEqualTo("ABCDE");
    assertThat(Trace.take()).containsExactly("a", "yield b", "c", "yield d", "e").inOrder();
  }

  @Test
  void methodArgumentsThenTheCall() {
    assertThat(run("methodArguments")).isEqualTo("1,2,3");
    assertThat(Trace.take()).containsExactly("arg1", "yield arg2", "arg3", "call three").inOrder();
  }

  @Test
  void receiverBeforeArguments() {
    assertThat(run("receiverBeforeArguments")).isEqualTo("x-y");
    assertThat(Trace.take()).containsExactly("receiver", "arg", "yield suspended arg").inOrder();
  }

  @Test
  void arrayAndIndexAndObjectOfAnAssignmentTargetBeforeTheValue() {
    assertThat(run("assignmentTargetBeforeValue")).isEqualTo("9 v");
    assertThat(Trace.take())
        .containsExactly("array", "index", "yield value", "holder", "yield field value")
        .inOrder();
  }

  @Test
  void compoundAssignmentReadsTheOldValueBeforeTheRightSide() {
    // counter = 1; counter += (sets counter to 100, then 5): Java gives 1 + 5.
    assertThat(run("compoundReadsTheOldValueFirst")).isEqualTo(6);
    assertThat(Trace.take()).containsExactly("bump sets counter to 100", "yield bump").inOrder();
  }

  @Test
  void aLocalReadBeforeALaterOperandAssignsIt() {
    // i + step(i = 10): Java reads i (1) first, so r = 11, and i ends as 10.
    assertThat(run("localChangedByALaterOperand")).isEqualTo(1110);
    assertThat(Trace.take()).containsExactly("yield assigns");
  }

  @Test
  void aStaticFieldReadBeforeTheSuspensionThatChangesIt() {
    assertThat(run("fieldChangedDuringTheSuspension")).isEqualTo(6);
  }

  @Test
  void instanceFieldsReadBeforeTheSuspensionThatChangesThem() {
    Object order = compiled().call("ev.Order", "create");
    Gen<?, ?, ?> generator =
        compiled().call("ev.OrderCoroutines", "instanceFieldChangedDuringTheSuspension", order);
    assertThat(Drive.all(generator)).isEqualTo("51 n0+n1");
    assertThat(Trace.take()).containsExactly("yield setCount", "yield rename").inOrder();
  }

  @Test
  void anArrayElementReadBeforeTheSuspensionThatWritesIt() {
    assertThat(run("arrayElementReadBeforeSuspensionThatWritesIt")).isEqualTo("2 1000");
  }

  @Test
  void leftOperandsOfShortCircuitsOnce() {
    assertThat(run("shortCircuitLeftOnce")).isEqualTo(true);
    assertThat(Trace.take())
        .containsExactly("left", "right arg", "yield right", "left2", "middle", "yield right2")
        .inOrder();
  }

  @Test
  void conditionOnceThenOnlyTheTakenBranch() {
    assertThat(run("conditionalOnce", true)).isEqualTo("T1");
    assertThat(Trace.take()).containsExactly("condition", "then", "yield then step").inOrder();
    assertThat(run("conditionalOnce", false)).isEqualTo("E2");
    assertThat(Trace.take()).containsExactly("condition", "else", "yield else step").inOrder();
  }

  @Test
  void constructorAndVarargsArguments() {
    assertThat(run("newObjectArguments")).isEqualTo("abx/y");
    assertThat(Trace.take())
        .containsExactly("ctor arg", "yield append", "sep", "yield j1", "j2")
        .inOrder();
  }

  @Test
  void arrayInitializerElements() {
    assertThat(run("arrayInitializerOrder")).isEqualTo("abc");
    assertThat(Trace.take()).containsExactly("i0", "yield i1", "i2").inOrder();
  }

  @Test
  void argumentsOfACoroutineCallIncludingASuspendingOne() {
    assertThat(run("argumentsOfACoroutineCall")).isEqualTo("V");
    assertThat(Trace.take())
        .containsExactly("tag arg", "yield inner", "value arg", "yield tag!")
        .inOrder();
  }
}
