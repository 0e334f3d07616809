package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.StopIteration;
import dev.yieldfrom.runtime.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Suspensions inside try/catch/finally, with Python's semantics: close() runs finally blocks, an
 * exception from an inner generator propagates out of yieldFrom into the outer one's catch, and
 * throwInto is caught by the body's catch. The processor does not support suspensions inside try
 * yet, so these tests fail today; each has its own compilation so that each passes as soon as
 * what it needs is supported.
 */
class GeneratorFinallyTest {
  private static final String HEADER =
      """
      package fin;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;

      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  /** Compiles class {@code name} with {@code body} and calls its factory {@code method}. */
  private static <Y, S, R> Gen<Y, S, R> create(
      String name, String body, String method, Object... arguments) {
    String source = HEADER + "class " + name + " {\n" + body + "}\n";
    @SuppressWarnings("unchecked")
    Gen<Y, S, R> generator =
        (Gen<Y, S, R>)
            CoroutineCompiler.shared(source).call("fin." + name + "Coroutines", method, arguments);
    return generator;
  }

  @Test
  void closeRunsTheFinallyAroundTheSuspension() {
    Gen<String, Object, String> generator =
        create(
            "CloseFinally",
            """
              @Coroutine
              static Gen<String, Object, String> withFinally() {
                try {
                  yieldValue("a");
                  yieldValue("b");
                } finally {
                  Trace.log("finally");
                }
                Trace.log("after try");
                return done("end");
              }
            """,
            "withFinally");
    assertThat(generator.next()).isEqualTo("a");
    generator.close();
    assertThat(generator.isDone()).isTrue();
    assertThat(Trace.take()).containsExactly("finally");
  }

  @Test
  void finallyRunsOnNormalCompletion() {
    Gen<String, Object, String> generator =
        create(
            "NormalFinally",
            """
              @Coroutine
              static Gen<String, Object, String> withFinally() {
                try {
                  yieldValue("a");
                } finally {
                  Trace.log("finally");
                }
                return done("end");
              }
            """,
            "withFinally");
    assertThat(Drive.all(generator)).isEqualTo("end");
    assertThat(Trace.take()).containsExactly("yield a", "finally").inOrder();
  }

  @Test
  void returnInsideTryAfterASuspensionRunsFinallyFirst() {
    Gen<String, Object, String> generator =
        create(
            "ReturnFinally",
            """
              @Coroutine
              static Gen<String, Object, String> returnsInTry() {
                try {
                  yieldValue("a");
                  Trace.log("returning");
                  return done("from try");
                } finally {
                  Trace.log("finally");
                }
              }
            """,
            "returnsInTry");
    assertThat(Drive.all(generator)).isEqualTo("from try");
    assertThat(Trace.take()).containsExactly("yield a", "returning", "finally").inOrder();
  }

  @Test
  void anExceptionFromTheInnerGeneratorPropagatesOutOfYieldFromToTheOuterCatch() {
    Gen<String, Object, String> generator =
        create(
            "InnerThrows",
            """
              @Coroutine
              static Gen<String, Object, String> inner() {
                yieldValue("inner");
                throw new IllegalStateException("boom");
              }

              @Coroutine
              static Gen<String, Object, String> outer() {
                try {
                  String never = yieldFrom(inner());
                  Trace.log("not reached " + never);
                  return done(never);
                } catch (IllegalStateException e) {
                  Trace.log("caught " + e.getMessage());
                  return done("recovered");
                }
              }
            """,
            "outer");
    assertThat(Drive.all(generator)).isEqualTo("recovered");
    assertThat(Trace.take()).containsExactly("yield inner", "caught boom").inOrder();
  }

  @Test
  void throwIntoIsCaughtByTheCatchAroundTheSuspension() {
    Gen<String, Object, String> generator =
        create(
            "ThrowIntoCaught",
            """
              @Coroutine
              static Gen<String, Object, String> catches() {
                try {
                  yieldValue("waiting");
                  Trace.log("not reached");
                } catch (IllegalArgumentException e) {
                  Trace.log("caught " + e.getMessage());
                  yieldValue("handled");
                }
                return done("after");
              }
            """,
            "catches");
    assertThat(generator.next()).isEqualTo("waiting");
    assertThat(generator.throwInto(new IllegalArgumentException("thrown in"))).isEqualTo("handled");
    StopIteration stop = assertThrows(StopIteration.class, generator::next);
    assertThat(stop.value()).isEqualTo("after");
    assertThat(Trace.take()).containsExactly("caught thrown in");
  }

  @Test
  void closeOfADelegatingGeneratorRunsTheInnerFinallyThenTheOuter() {
    Gen<String, Object, String> generator =
        create(
            "NestedClose",
            """
              @Coroutine
              static Gen<String, Object, String> inner() {
                try {
                  yieldValue("x");
                  return done("inner done");
                } finally {
                  Trace.log("inner finally");
                }
              }

              @Coroutine
              static Gen<String, Object, String> outer() {
                try {
                  return done(yieldFrom(inner()));
                } finally {
                  Trace.log("outer finally");
                }
              }
            """,
            "outer");
    assertThat(generator.next()).isEqualTo("x");
    generator.close();
    assertThat(generator.isDone()).isTrue();
    assertThat(Trace.take()).containsExactly("inner finally", "outer finally").inOrder();
  }

  @Test
  void generatorExitIsNotCaughtByCatchException() {
    Gen<String, Object, String> generator =
        create(
            "ExitNotCaught",
            """
              @Coroutine
              static Gen<String, Object, String> catchesException() {
                try {
                  yieldValue("a");
                } catch (Exception e) {
                  Trace.log("wrongly caught " + e);
                } finally {
                  Trace.log("finally");
                }
                return done("end");
              }
            """,
            "catchesException");
    assertThat(generator.next()).isEqualTo("a");
    generator.close();
    assertThat(Trace.take()).containsExactly("finally");
  }

  @Test
  void aCoroutineCatchesTheCheckedExceptionOfTheCoroutineItAwaits() {
    Gen<Object, Object, String> co =
        create(
            "CatchChecked",
            """
              @Coroutine
              static Co<String> failing() throws java.io.IOException {
                throw new java.io.IOException("io");
              }

              @Coroutine
              static Co<String> awaiting() {
                try {
                  return done(yieldFrom(failing()));
                } catch (java.io.IOException e) {
                  return done("caught " + e.getMessage());
                }
              }
            """,
            "awaiting");
    assertThat(Drive.onLoop(co)).isEqualTo("caught io");
  }

  @Test
  void cancellingATaskRunsTheFinallyOfTheCoroutine() {
    EventLoop loop = EventLoop.create();
    Future<String> never = loop.createFuture();
    Gen<Object, Object, String> sleeper =
        create(
            "CancelFinally",
            """
              @Coroutine
              static Co<String> sleeper(dev.yieldfrom.runtime.Future<String> never) {
                try {
                  return done(yieldFrom(never));
                } finally {
                  Trace.log("finally");
                }
              }
            """,
            "sleeper",
            never);
    Task<String> task = loop.createTask(sleeper);
    loop.callSoon(task::cancel);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertThat(never.isCancelled()).isTrue();
    assertThat(Trace.take()).containsExactly("finally");
  }
}
