package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exceptions leaving coroutines show the user's code: the template method at its source line for
 * each generated frame, and one frame for each coroutine awaiting the failed one; a dump of a
 * loop's tasks shows where each is suspended.
 */
class StackTraceTest {
  static final String ORDERS =
      """
      package st;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.EventLoop;
      import dev.yieldfrom.runtime.sync.Event;
      import java.util.Map;

      public class Orders {
        static final Map<String, Integer> STOCK = Map.of("apple", 3);

        @Coroutine
        static Co<Integer> reserve(String item, int count) {
          Integer left = STOCK.get(item);
          if (left == null) {
            throw new IllegalArgumentException("no such item: " + item);
          }
          return done(left - count);
        }

        @Coroutine
        static Co<Integer> order(String item) {
          int left = yieldFrom(reserve(item, 1));
          return done(left);
        }

        @Coroutine
        static Co<Integer> checkout() {
          int total = 0;
          total += yieldFrom(order("apple"));
          total += yieldFrom(order("pear"));
          return done(total);
        }

        @Coroutine
        static Co<Void> waitFor(Event event) {
          yieldFrom(event.await());
          return done();
        }

        @Coroutine
        static Co<Void> worker(Event event) {
          yieldFrom(waitFor(event));
          return done();
        }

        static Integer runCheckout() {
          try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(OrdersCoroutines.checkout());
          }
        }
      }
      """;

  private static Compiled compiled() {
    return CoroutineCompiler.shared(ORDERS);
  }

  @Test
  void framesNameTheTemplateAndItsLinesInnermostFirst() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class, () -> compiled().call("st.Orders", "runCheckout"));
    assertThat(failure).hasMessageThat().isEqualTo("no such item: pear");
    List<String> frames =
        Arrays.stream(failure.getStackTrace()).map(StackTraceElement::toString).toList();
    // The throw, then each coroutine up the yieldFrom chain at the line where it waits.
    assertThat(frames.subList(0, 3))
        .containsExactly(
            "st.Orders.reserve(Orders.java:18)",
            "st.Orders.order(Orders.java:25)",
            "st.Orders.checkout(Orders.java:33)")
        .inOrder();
    assertThat(frames.get(3)).startsWith("dev.yieldfrom.runtime.Gen.drive(");
    // No frame of a state machine class (named Orders$0method) is left for the user to decode.
    assertThat(Arrays.stream(failure.getStackTrace()).noneMatch(f -> f.getClassName().contains("$0")))
        .isTrue();
  }

  @Test
  void aDumpOfTheLoopShowsWhereEachTaskWaits() throws Exception {
    Class<?> event = Class.forName("dev.yieldfrom.runtime.sync.Event");
    Object never = event.getConstructor().newInstance();
    try (EventLoop loop = EventLoop.createVirtual()) {
      Gen<?, ?, ?> worker = compiled().call("st.OrdersCoroutines", "worker", never);
      loop.createTask(worker, "worker-1");
      loop.runUntilComplete(dev.yieldfrom.runtime.Async.sleep(1));
      String dump = loop.dumpTasks();
      assertThat(dump).startsWith("1 pending task\n  Task<worker-1 pending");
      assertThat(dump).contains("\n    at st.Orders.waitFor(Orders.java:39)\n");
      assertThat(dump).endsWith("\n    at st.Orders.worker(Orders.java:45)");
      assertThat(worker.suspendedAt().stream().map(StackTraceElement::toString).toList())
          .containsAtLeast("st.Orders.waitFor(Orders.java:39)", "st.Orders.worker(Orders.java:45)")
          .inOrder();
    }
  }

  static final String DEEP =
      """
      package st;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.EventLoop;

      public class Deep {
        @Coroutine
        static Co<Integer> dive(int depth) {
          if (depth == 0) {
            throw new IllegalStateException("bottom"); // THROW
          }
          return done(yieldFrom(dive(depth - 1)) + 1); // AWAIT
        }

        @Coroutine
        static Co<Integer> rethrowing(int depth) {
          try {
            return done(yieldFrom(dive(depth))); // TOP
          } catch (IllegalStateException e) {
            throw e;
          }
        }

        @Coroutine
        static Co<String> logs() {
          yieldFrom(noop());
          try {
            return done(String.valueOf(Integer.parseInt("x"))); // PARSE
          } catch (NumberFormatException e) {
            RuntimeException wrapped = new RuntimeException("wrapped", e); // WRAP
            return done(frameOf(wrapped) + " " + frameOf(e));
          }
        }

        @Coroutine
        static Co<Void> noop() {
          return done();
        }

        static String frameOf(Throwable failure) {
          for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("st.Deep$0")) {
              return frame.toString();
            }
          }
          return "none";
        }

        static Integer run(int depth) {
          try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(DeepCoroutines.rethrowing(depth));
          }
        }

        static String runLogs() {
          try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(DeepCoroutines.logs());
          }
        }
      }
      """;

  private static int deepLine(String marker) {
    List<String> lines = DEEP.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError(marker);
  }

  /**
   * Every frame of a deep chain is in the trace, once, even where a frame catches and rethrows
   * the exception (the chain above it was added when it first left a frame).
   */
  @Test
  void aDeepChainShowsEveryAwaitingFrameOnce() {
    int depth = 20_000;
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> CoroutineCompiler.shared(DEEP).call("st.Deep", "run", depth));
    List<String> frames =
        Arrays.stream(failure.getStackTrace()).map(StackTraceElement::toString).toList();
    assertThat(frames.get(0)).isEqualTo("st.Deep.dive(Deep.java:" + deepLine("// THROW") + ")");
    String awaiting = "st.Deep.dive(Deep.java:" + deepLine("// AWAIT") + ")";
    for (int i = 1; i <= depth; i++) {
      assertThat(frames.get(i)).isEqualTo(awaiting);
    }
    assertThat(frames.get(depth + 1))
        .isEqualTo("st.Deep.rethrowing(Deep.java:" + deepLine("// TOP") + ")");
    assertThat(frames.get(depth + 2)).startsWith("dev.yieldfrom.runtime.Gen.drive(");
    assertThat(frames.stream().filter(f -> f.startsWith("st.Deep.dive(")).count()).isEqualTo(depth + 1);
    assertThat(frames.stream().filter(f -> f.startsWith("st.Deep.rethrowing(")).count()).isEqualTo(1);
  }

  /** Traces the runtime never sees (caught in a body, a cause) show the template's lines too. */
  @Test
  void anExceptionCaughtInABodyShowsTheTemplateLine() {
    String frames = CoroutineCompiler.shared(DEEP).call("st.Deep", "runLogs");
    assertThat(frames)
        .isEqualTo(
            "st.Deep$0logs.resume(Deep.java:"
                + deepLine("// WRAP")
                + ") st.Deep$0logs.resume(Deep.java:"
                + deepLine("// PARSE")
                + ")");
  }
}
