package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.StopIteration;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator protocol on generated state machines: send and yieldValue (values both ways),
 * next, for-each, stream, throwInto and close at suspensions outside any try (try/finally around
 * suspensions is {@link GeneratorFinallyTest}), delegation, and the event loop.
 */
class GeneratorProtocolTest {
  static final String PROTOCOL =
      """
      package gp;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Steps;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.EventLoop;
      import dev.yieldfrom.runtime.Future;
      import dev.yieldfrom.runtime.Gen;

      class Protocol {
        @Coroutine
        static Gen<String, Integer, Integer> accumulator() {
          int total = 0;
          while (true) {
            Integer value = yieldValue("total " + total);
            Trace.log("received " + value);
            if (value == null) {
              return done(total);
            }
            total += value;
          }
        }

        @Coroutine
        static Gen<Integer, Object, String> counter(int n) {
          int i = 0;
          while (i < n) {
            Trace.log("yielding " + i);
            yieldValue(i);
            i++;
          }
          Trace.log("counter done");
          return done("counted " + n);
        }

        @Coroutine
        static Gen<Integer, Object, Void> naturals() {
          int i = 0;
          while (true) {
            yieldValue(i++);
          }
        }

        @Coroutine
        static Gen<String, Integer, Integer> delegating() {
          Trace.log("outer start");
          int first = yieldFrom(accumulator());
          Trace.log("outer got " + first);
          Integer extra = yieldValue("outer asks");
          return done(first + extra);
        }

        @Coroutine
        static Gen<Integer, Object, String> delegatesToCounter() {
          String inner = yieldFrom(counter(2));
          Trace.log("after inner: " + inner);
          return done("outer of " + inner);
        }

        @Coroutine
        static Gen<String, Object, String> catchesWithoutSuspendingInside(String number) {
          int parsed;
          try {
            parsed = Integer.parseInt(number);
          } catch (NumberFormatException e) {
            parsed = -1;
          } finally {
            Trace.log("finally " + number);
          }
          yieldValue("parsed " + parsed);
          return done("ok " + parsed);
        }

        @Coroutine
        static Co<String> awaitsFuture(EventLoop loop) {
          Future<String> future = loop.createFuture();
          loop.callSoon(
              () -> {
                Trace.log("completing");
                future.setResult("result");
              });
          Trace.log("waiting");
          String r = yieldFrom(future);
          Trace.log("resumed with " + r);
          return done(r);
        }

        @Coroutine
        static Co<Integer> worker(String name, int steps) {
          int i = 0;
          while (i < steps) {
            yieldFrom(Steps.later(name + i, null));
            i++;
          }
          return done(i);
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Compiled compiled() {
    return CoroutineCompiler.shared(PROTOCOL);
  }

  @SuppressWarnings("unchecked")
  private static <Y, S, R> Gen<Y, S, R> create(String method, Object... arguments) {
    return (Gen<Y, S, R>) compiled().call("gp.ProtocolCoroutines", method, arguments);
  }

  @Test
  void yieldValueAndSendPassValuesBothWays() {
    Gen<String, Integer, Integer> accumulator = create("accumulator");
    assertThat(accumulator.next()).isEqualTo("total 0");
    assertThat(accumulator.send(5)).isEqualTo("total 5");
    assertThat(accumulator.send(10)).isEqualTo("total 15");
    StopIteration stop = assertThrows(StopIteration.class, () -> accumulator.send(null));
    assertThat(stop.value()).isEqualTo(15);
    assertThat(accumulator.isDone()).isTrue();
    assertThat(accumulator.result()).isEqualTo(15);
    assertThat(Trace.take()).containsExactly("received 5", "received 10", "received null").inOrder();
  }

  @Test
  void nextSendsNullAndAFinishedGeneratorStaysFinished() {
    Gen<Integer, Object, String> counter = create("counter", 2);
    assertThat(counter.next()).isEqualTo(0);
    assertThat(counter.next()).isEqualTo(1);
    StopIteration stop = assertThrows(StopIteration.class, counter::next);
    assertThat(stop.value()).isEqualTo("counted 2");
    StopIteration again = assertThrows(StopIteration.class, counter::next);
    assertThat(again.value()).isNull();
    assertThat(Trace.take())
        .containsExactly("yielding 0", "yielding 1", "counter done")
        .inOrder();
  }

  @Test
  void aJustStartedGeneratorAcceptsOnlyNull() {
    Gen<String, Integer, Integer> accumulator = create("accumulator");
    assertThrows(IllegalStateException.class, () -> accumulator.send(1));
    assertThat(accumulator.next()).isEqualTo("total 0");
  }

  @Test
  void forEachIteratesLazily() {
    Gen<Integer, Object, String> counter = create("counter", 3);
    for (int value : counter) {
      Trace.log("body " + value);
    }
    assertThat(counter.result()).isEqualTo("counted 3");
    assertThat(Trace.take())
        .containsExactly(
            "yielding 0", "body 0", "yielding 1", "body 1", "yielding 2", "body 2", "counter done")
        .inOrder();
  }

  @Test
  void streamOfAnEndlessGeneratorAndClosingTheStreamClosesIt() {
    Gen<Integer, Object, Void> naturals = create("naturals");
    try (Stream<Integer> stream = naturals.stream()) {
      assertThat(stream.limit(4).collect(Collectors.toList()))
          .containsExactly(0, 1, 2, 3)
          .inOrder();
    }
    assertThat(naturals.isDone()).isTrue();
  }

  @Test
  void delegationPassesYieldsUpAndSentValuesDown() {
    Gen<String, Integer, Integer> outer = create("delegating");
    assertThat(outer.next()).isEqualTo("total 0");
    assertThat(outer.send(5)).isEqualTo("total 5");
    assertThat(outer.send(null)).isEqualTo("outer asks");
    StopIteration stop = assertThrows(StopIteration.class, () -> outer.send(100));
    assertThat(stop.value()).isEqualTo(105);
    assertThat(Trace.take())
        .containsExactly("outer start", "received 5", "received null", "outer got 5")
        .inOrder();
  }

  @Test
  void throwIntoASuspensionOutsideAnyTryEndsTheGeneratorWithThatException() {
    Gen<Integer, Object, String> counter = create("counter", 5);
    assertThat(counter.next()).isEqualTo(0);
    IllegalStateException failure = new IllegalStateException("stop");
    assertSame(failure, assertThrows(IllegalStateException.class, () -> counter.throwInto(failure)));
    assertThat(counter.isDone()).isTrue();
    assertThrows(StopIteration.class, counter::next);
    assertThat(Trace.take()).containsExactly("yielding 0");
  }

  @Test
  void throwIntoADelegatingGeneratorReachesTheInnerOneAndPropagates() {
    Gen<Integer, Object, String> outer = create("delegatesToCounter");
    assertThat(outer.next()).isEqualTo(0);
    UnsupportedOperationException failure = new UnsupportedOperationException("no");
    assertSame(
        failure, assertThrows(UnsupportedOperationException.class, () -> outer.throwInto(failure)));
    assertThat(outer.isDone()).isTrue();
    assertThat(Trace.take()).containsExactly("yielding 0");
  }

  @Test
  void closeAtASuspensionOutsideAnyTryFinishesWithoutRunningMore() {
    Gen<Integer, Object, String> counter = create("counter", 5);
    assertThat(counter.next()).isEqualTo(0);
    counter.close();
    assertThat(counter.isDone()).isTrue();
    counter.close();
    assertThrows(StopIteration.class, counter::next);
    assertThat(Trace.take()).containsExactly("yielding 0");
  }

  @Test
  void closeADelegatingGenerator() {
    Gen<Integer, Object, String> outer = create("delegatesToCounter");
    assertThat(outer.next()).isEqualTo(0);
    outer.close();
    assertThat(outer.isDone()).isTrue();
    assertThat(Trace.take()).containsExactly("yielding 0");
  }

  @Test
  void closeBeforeStartingRunsNothing() {
    Gen<Integer, Object, String> counter = create("counter", 5);
    counter.close();
    assertThat(counter.isDone()).isTrue();
    assertThrows(StopIteration.class, counter::next);
    assertThat(Trace.events()).isEmpty();
  }

  @Test
  void delegatingToAGeneratorStartedByHandAdoptsIt() {
    Gen<Integer, Object, String> inner = create("counter", 3);
    assertThat(inner.next()).isEqualTo(0);
    Gen<Integer, Object, String> outer = create("delegatesToCounter");
    List<Integer> seen = new ArrayList<>();
    for (int value : outer) {
      seen.add(value);
    }
    assertThat(seen).containsExactly(0, 1).inOrder();
    assertThat(inner.next()).isEqualTo(1);
  }

  @Test
  void tryCatchFinallyWithoutSuspensionInside() {
    Gen<?, ?, ?> parsed = create("catchesWithoutSuspendingInside", "12");
    assertThat(Drive.all(parsed)).isEqualTo("ok 12");
    assertThat(Trace.take()).containsExactly("finally 12", "yield parsed 12").inOrder();
    Gen<?, ?, ?> failed = create("catchesWithoutSuspendingInside", "x");
    assertThat(Drive.all(failed)).isEqualTo("ok -1");
    assertThat(Trace.take()).containsExactly("finally x", "yield parsed -1").inOrder();
  }

  @Test
  void awaitingAFutureSuspendsUntilTheLoopCompletesIt() {
    EventLoop loop = EventLoop.create();
    Gen<?, ?, ?> co = create("awaitsFuture", loop);
    assertThat(loop.runUntilComplete(co)).isEqualTo("result");
    assertThat(Trace.take()).containsExactly("waiting", "completing", "resumed with result").inOrder();
  }

  @Test
  void twoTasksInterleaveOnOneLoop() {
    EventLoop loop = EventLoop.create();
    Gen<Object, Object, Integer> a = create("worker", "a", 3);
    Gen<Object, Object, Integer> b = create("worker", "b", 2);
    Task<Integer> first = loop.createTask(a);
    Task<Integer> second = loop.createTask(b);
    assertThat(loop.runUntilComplete(first)).isEqualTo(3);
    assertThat(second.isDone()).isTrue();
    assertThat(second.result()).isEqualTo(2);
    assertThat(Trace.take()).containsExactly("a0", "b0", "a1", "b1", "a2").inOrder();
  }
}
