package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Script.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  @Test
  void callbacksRunInSchedulingOrderAndThoseTheyScheduleRunInTheNextIteration() {
    loop.callSoon(
        () -> {
          trace.add("a");
          loop.callSoon(() -> trace.add("c (scheduled by a)"));
        });
    loop.callSoon(() -> trace.add("b"));
    loop.callSoon(loop::stop);
    loop.runForever();
    // The stop request ends the loop after the iteration of a and b: c was not ready then.
    assertEquals(List.of("a", "b"), trace);
    // stop() before runForever(): exactly one iteration.
    loop.stop();
    loop.runForever();
    assertEquals(List.of("a", "b", "c (scheduled by a)"), trace);
  }

  @Test
  void timersFireInTimeOrderAndTiesInSchedulingOrder() {
    loop.callLater(2, () -> trace.add("two at " + loop.time()));
    loop.callLater(1, () -> trace.add("one-a at " + loop.time()));
    loop.callAt(1, () -> trace.add("one-b at " + loop.time()));
    loop.callLater(Duration.ofMillis(500), () -> trace.add("half at " + loop.time()));
    loop.callLater(1, () -> trace.add("one-c at " + loop.time()));
    loop.callLater(3, loop::stop);
    loop.runForever();
    assertEquals(
        List.of("half at 0.5", "one-a at 1.0", "one-b at 1.0", "one-c at 1.0", "two at 2.0"),
        trace);
    assertEquals(3.0, loop.time());
  }

  @Test
  void readyCallbacksRunBeforeTheClockJumpsToATimer() {
    loop.callLater(0, () -> trace.add("timer due now"));
    loop.callSoon(() -> trace.add("soon"));
    loop.callLater(10, () -> trace.add("later"));
    loop.callLater(10, loop::stop);
    loop.runForever();
    assertEquals(List.of("soon", "timer due now", "later"), trace);
  }

  @Test
  void cancelledHandlesAndTimersDoNotRun() {
    Handle soon = loop.callSoon(() -> trace.add("cancelled soon"));
    TimerHandle timer = loop.callLater(1, () -> trace.add("cancelled timer"));
    loop.callLater(0.5, () -> trace.add("kept timer"));
    soon.cancel();
    timer.cancel();
    timer.cancel();
    loop.callLater(2, loop::stop);
    loop.runForever();
    assertEquals(List.of("kept timer"), trace);
    assertTrue(soon.isCancelled());
    assertTrue(timer.isCancelled());
    assertEquals(1.0, timer.when());
  }

  @Test
  void manyCancelledTimersArePurgedAndTheOthersStillFireInOrder() {
    List<TimerHandle> timers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = i;
      timers.add(loop.callLater(1 + i, () -> trace.add("t" + n)));
    }
    for (int i = 0; i < 300; i++) {
      if (i % 3 != 0) {
        timers.get(i).cancel();
      }
    }
    loop.callLater(1000, loop::stop);
    loop.runForever();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i += 3) {
      expected.add("t" + i);
    }
    assertEquals(expected, trace);
  }

  @Test
  void anIterationRunsOnlyTheCallbacksReadyWhenItBegan() {
    int[] runs = {0};
    Runnable[] again = new Runnable[1];
    again[0] =
        () -> {
          runs[0]++;
          loop.callSoon(again[0]);
        };
    loop.callSoon(again[0]);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(1, runs[0]);
    loop.stop();
    loop.runForever();
    assertEquals(2, runs[0]);
  }

  @Test
  void theRunningLoopIsVisibleToCallbacksOnlyWhileItRuns() {
    AtomicReference<EventLoop> seen = new AtomicReference<>();
    loop.callSoon(
        () -> {
          seen.set(EventLoop.getRunningLoop());
          trace.add("running=" + loop.isRunning());
          loop.stop();
        });
    assertNull(EventLoop.running());
    assertFalse(loop.isRunning());
    loop.runForever();
    assertSame(loop, seen.get());
    assertEquals(List.of("running=true"), trace);
    assertNull(EventLoop.running());
    IllegalStateException none = assertThrows(IllegalStateException.class, EventLoop::getRunningLoop);
    assertEquals("no running event loop", none.getMessage());
  }

  @Test
  void runningARunningLoopAgainFails() {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.callSoon(
        () -> {
          failure.set(assertThrows(IllegalStateException.class, loop::runForever));
          loop.stop();
        });
    loop.runForever();
    assertEquals("This event loop is already running", failure.get().getMessage());
  }

  @Test
  void runningAnotherLoopInsideARunningLoopFails() {
    EventLoop other = EventLoop.createVirtual();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.callSoon(
        () -> {
          failure.set(
              assertThrows(
                  IllegalStateException.class,
                  () -> other.runUntilComplete(script().returns(() -> "never"))));
          loop.stop();
        });
    loop.runForever();
    other.close();
    assertEquals(
        "Cannot run the event loop while another loop is running", failure.get().getMessage());
  }

  @Test
  void closingARunningLoopFails() {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.callSoon(
        () -> {
          failure.set(assertThrows(IllegalStateException.class, loop::close));
          loop.stop();
        });
    loop.runForever();
    assertEquals("Cannot close a running event loop", failure.get().getMessage());
    assertFalse(loop.isClosed());
  }

  @Test
  void aClosedLoopRefusesEverything() {
    loop.close();
    loop.close();
    assertTrue(loop.isClosed());
    for (Runnable use :
        List.<Runnable>of(
            () -> loop.callSoon(() -> {}),
            () -> loop.callLater(1, () -> {}),
            () -> loop.callAt(1, () -> {}),
            () -> loop.callSoonThreadsafe(() -> {}),
            () -> loop.createFuture(),
            () -> loop.createTask(script()),
            () -> loop.runForever(),
            () -> loop.runUntilComplete(script()))) {
      IllegalStateException failure = assertThrows(IllegalStateException.class, use::run);
      assertEquals("Event loop is closed", failure.getMessage());
    }
  }

  @Test
  void runUntilCompleteFailsWhenTheLoopStopsFirst() {
    Future<String> never = loop.createFuture();
    loop.callSoon(loop::stop);
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
    assertEquals("Event loop stopped before Future completed.", failure.getMessage());
  }

  @Test
  void runUntilCompleteRefusesAFutureOfAnotherLoop() {
    EventLoop other = EventLoop.createVirtual();
    Future<String> foreign = other.createFuture();
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(foreign));
    assertEquals(
        "The future belongs to a different loop than the one runUntilComplete was called on",
        failure.getMessage());
    other.close();
  }

  @Test
  void anIdleVirtualLoopFailsInsteadOfHanging() {
    Future<String> never = loop.createFuture();
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
    assertTrue(failure.getMessage().startsWith("virtual-time event loop is idle"), failure.getMessage());
    assertFalse(loop.isRunning());
  }

  @Test
  void virtualTimeSleepsAnHourWithoutWaiting() {
    String result =
        loop.runUntilComplete(
            Script.<String>script()
                .await(() -> Async.sleep(3600))
                .returns(() -> "woke at " + loop.time()));
    assertEquals("woke at 3600.0", result);
    assertTrue(loop.isVirtualTime());
  }

  @Test
  void aFailingCallbackGoesToTheExceptionHandlerAndTheLoopGoesOn() {
    List<ExceptionContext> reported = new ArrayList<>();
    loop.setExceptionHandler((l, context) -> reported.add(context));
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    Handle failing =
        loop.callSoon(
            () -> {
              throw boom;
            });
    loop.callSoon(() -> trace.add("next callback ran"));
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("next callback ran"), trace);
    assertEquals(1, reported.size());
    assertSame(boom, reported.get(0).exception());
    assertSame(failing, reported.get(0).handle());
    assertTrue(reported.get(0).message().startsWith("Exception in callback Handle<"));
  }

  @Test
  void theDefaultHandlerLogsAndAFailingHandlerIsLoggedToo() {
    RecordingLogger logger = new RecordingLogger();
    loop.setLogger(logger);
    loop.callExceptionHandler(ExceptionContext.of("first", new IllegalStateException("x")));
    loop.setExceptionHandler(
        (l, context) -> {
          throw new IllegalArgumentException("handler broke");
        });
    loop.callExceptionHandler(ExceptionContext.of("second", null));
    assertEquals(
        List.of("ERROR first", "ERROR Unhandled error in exception handler", "ERROR second"),
        logger.lines);
    assertEquals("x", logger.exceptions.get(0).getMessage());
    assertEquals("handler broke", logger.exceptions.get(1).getMessage());
  }

  @Test
  void callSoonThreadsafeWakesALoopWaitingWithNothingToDo() throws Exception {
    try (EventLoop real = EventLoop.create()) {
      Future<String> delivered = real.createFuture();
      real.callSoon(
          () -> {
            Thread other =
                new Thread(() -> real.callSoonThreadsafe(() -> delivered.setResult("from " + Thread.currentThread().getName())));
            other.start();
          });
      String result = real.runUntilComplete(delivered);
      assertEquals("from " + Thread.currentThread().getName(), result);
    }
  }

  @Test
  void aRealLoopWaitsForItsTimers() {
    try (EventLoop real = EventLoop.create()) {
      double start = real.time();
      real.runUntilComplete(Async.sleep(0.002));
      assertTrue(real.time() - start >= 0.002);
      assertFalse(real.isVirtualTime());
    }
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(NullPointerException.class, () -> loop.callSoon(null));
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> {}));
    assertEquals("delay is NaN", nan.getMessage());
    IllegalArgumentException slow =
        assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
    assertEquals("slow callback duration must be >= 0: -1.0", slow.getMessage());
  }
}
