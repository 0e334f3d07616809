package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionGroup;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.GeneratorExit;
import dev.yieldfrom.runtime.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * try-with-resources around suspensions behaves as javac's desugaring: resources close in
 * reverse order, on normal completion, on an exception (a failing close is suppressed), and when
 * the generator is closed while suspended inside.
 */
class TryWithResourcesTest {
  static final String SOURCE =
      """
      package tw;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Async;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;
      import dev.yieldfrom.runtime.Task;

      class Resources {
        static final class Res implements AutoCloseable {
          final String name;
          final boolean failOnClose;

          Res(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            Trace.log("open " + name);
          }

          @Override
          public void close() {
            Trace.log("close " + name);
            if (failOnClose) {
              throw new IllegalStateException("close " + name + " failed");
            }
          }
        }

        @Coroutine
        static Gen<String, Object, String> use(boolean failBody, boolean failClose) {
          try (Res a = new Res("a", false); Res b = new Res("b", failClose)) {
            yieldValue("inside " + a.name + b.name);
            if (failBody) {
              throw new IllegalArgumentException("body failed");
            }
            yieldValue("still inside");
          }
          return done("after");
        }

        @Coroutine
        static Co<String> useAsync() {
          try (Res a = new Res("a", true)) {
            Trace.log("sleeping");
            yieldFrom(Async.sleep(10));
          }
          return done("woke");
        }

        @Coroutine
        static Co<String> underTimeout() {
          return done(yieldFrom(Async.timeout(1, useAsync())));
        }

        @Coroutine
        static Co<String> inGroupCancelledFromOutside() {
          return done(yieldFrom(Async.taskGroup(group -> useAsync())));
        }

        @Coroutine
        static Co<String> awaitUse(Task<String> task) {
          try {
            return done(yieldFrom(task));
          } catch (IllegalStateException failure) {
            Trace.log("awaiter got " + failure.getMessage());
            return done("handled");
          }
        }
      }
      """;

  @BeforeEach
  void clear() {
    Trace.clear();
  }

  private static Gen<String, Object, String> use(boolean failBody, boolean failClose) {
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    return compiled.call("tw.ResourcesCoroutines", "use", failBody, failClose);
  }

  @Test
  void closesInReverseOrderAfterTheBody() {
    Gen<String, Object, String> gen = use(false, false);
    for (String value : gen) {
      Trace.log("got " + value);
    }
    Trace.log("result " + gen.result());
    assertThat(Trace.events())
        .containsExactly(
            "open a", "open b", "got inside ab", "got still inside", "close b", "close a",
            "result after")
        .inOrder();
  }

  @Test
  void closingTheGeneratorWhileSuspendedInsideClosesTheResources() {
    Gen<String, Object, String> gen = use(false, false);
    gen.next();
    gen.close();
    assertThat(gen.isDone()).isTrue();
    assertThat(Trace.events()).containsExactly("open a", "open b", "close b", "close a").inOrder();
  }

  @Test
  void aFailingCloseIsSuppressedByTheBodysException() {
    Gen<String, Object, String> gen = use(true, true);
    gen.next();
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, gen::next);
    assertThat(failure).hasMessageThat().isEqualTo("body failed");
    assertThat(failure.getSuppressed()).hasLength(1);
    assertThat(failure.getSuppressed()[0]).hasMessageThat().isEqualTo("close b failed");
    assertThat(Trace.events()).containsExactly("open a", "open b", "close b", "close a").inOrder();
  }

  @Test
  void closeRaisesWhatAFailingCloseOfAResourceRaises() {
    // PEP 342: close() raises what the frame raises; Java attaches the failure of close() to the
    // GeneratorExit as suppressed, and close() must not drop it with the GeneratorExit.
    Gen<String, Object, String> gen = use(false, true);
    gen.next();
    IllegalStateException failure = assertThrows(IllegalStateException.class, gen::close);
    assertThat(failure).hasMessageThat().isEqualTo("close b failed");
    assertThat(failure.getSuppressed()).hasLength(1);
    assertThat(failure.getSuppressed()[0]).isInstanceOf(GeneratorExit.class);
    assertThat(gen.isDone()).isTrue();
    assertThat(Trace.events()).containsExactly("open a", "open b", "close b", "close a").inOrder();
    gen.close(); // closed: nothing more to raise
  }

  @Test
  void aTaskCancelledWhileAResourceFailsToCloseEndsWithThatFailure() {
    // As asyncio's: cleanup that raises during cancellation ends the task with that exception
    // (the CancelledError it replaced is attached), the awaiter sees it.
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    try (EventLoop loop = EventLoop.createVirtual()) {
      Task<String> task = loop.createTask(compiled.call("tw.ResourcesCoroutines", "useAsync"));
      Task<String> awaiter =
          loop.createTask(compiled.call("tw.ResourcesCoroutines", "awaitUse", task));
      loop.callLater(1, () -> task.cancel("stop"));
      assertThat(loop.runUntilComplete(awaiter)).isEqualTo("handled");
      assertThat(task.isCancelled()).isFalse();
      Throwable failure = task.exception();
      assertThat(failure).isInstanceOf(IllegalStateException.class);
      assertThat(failure).hasMessageThat().isEqualTo("close a failed");
      assertThat(failure.getSuppressed()).hasLength(1);
      assertThat(failure.getSuppressed()[0]).isInstanceOf(CancelledError.class);
      assertThat(failure.getSuppressed()[0]).hasMessageThat().isEqualTo("stop");
    }
    assertThat(Trace.events())
        .containsExactly("open a", "sleeping", "close a", "awaiter got close a failed")
        .inOrder();
  }

  @Test
  void aTimeoutWhoseBodyFailsToCloseAResourceRaisesThatFailure() {
    // asyncio's timeout turns only its own CancelledError into a TimeoutError; an exception the
    // body's cleanup raised instead propagates.
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    try (EventLoop loop = EventLoop.createVirtual()) {
      IllegalStateException failure =
          assertThrows(
              IllegalStateException.class,
              () -> loop.runUntilComplete(compiled.<Co<String>>call("tw.ResourcesCoroutines", "underTimeout")));
      assertThat(failure).hasMessageThat().isEqualTo("close a failed");
      assertThat(failure.getSuppressed()[0]).isInstanceOf(CancelledError.class);
    }
    assertThat(Trace.events()).containsExactly("open a", "sleeping", "close a").inOrder();
  }

  @Test
  void aTaskGroupWhoseCancelledBodyFailsToCloseAResourceReportsThatFailure() {
    // The body's cleanup raised while the task was cancelled: an error of the body, so the group
    // raises it in its ExceptionGroup rather than a bare cancellation.
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    try (EventLoop loop = EventLoop.createVirtual()) {
      Task<String> task =
          loop.createTask(compiled.call("tw.ResourcesCoroutines", "inGroupCancelledFromOutside"));
      loop.callLater(1, () -> task.cancel("stop"));
      ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> loop.runUntilComplete(task));
      assertThat(group.exceptions()).hasSize(1);
      assertThat(group.exceptions().get(0)).hasMessageThat().isEqualTo("close a failed");
    }
    assertThat(Trace.events()).containsExactly("open a", "sleeping", "close a").inOrder();
  }
}
