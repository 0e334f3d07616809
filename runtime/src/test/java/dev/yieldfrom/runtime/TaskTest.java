package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private Script<String> sleeper(String name, double seconds) {
    return Script.<String>script()
        .run(() -> trace.add(name + " starts"))
        .await(() -> sleep(seconds))
        .run(() -> trace.add(name + " woke at " + loop.time()))
        .ensure(() -> trace.add(name + " finally"))
        .returns(() -> name + " done");
  }

  @Test
  void aTaskStartsOnTheNextIterationAndItsResultIsTheCoroutines() {
    Task<String> task = loop.createTask(sleeper("t", 2), "worker");
    trace.add("created");
    assertFalse(task.isStarted());
    assertEquals("t done", loop.runUntilComplete(task));
    assertEquals(List.of("created", "t starts", "t woke at 2.0", "t finally"), trace);
    assertEquals("worker", task.name());
    assertEquals("t done", task.result());
    assertTrue(task.toString().startsWith("Task<worker result=t done coro="), task.toString());
  }

  @Test
  void cancellingASleepingTaskRaisesAtItsSuspensionPointAndRunsFinally() {
    Task<String> task = loop.createTask(sleeper("t", 10));
    loop.callLater(1, () -> assertTrue(task.cancel("enough")));
    CancelledError cancelled = assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals("enough", cancelled.getMessage());
    assertEquals(List.of("t starts", "t finally"), trace);
    assertTrue(task.isCancelled());
    assertFalse(task.cancel(), "a done task cannot be cancelled");
    assertEquals(1.0, loop.time(), "the sleep's timer was cancelled with it");
  }

  /**
   * CPython's test_tasks "test_uncancel_basic" shape: cancel() then uncancel() on a task
   * suspended in sleep(). The sleep's future is already cancelled, so the task still gets its
   * CancelledError at once; only the request count drops back to 0.
   */
  @Test
  void cancelThenUncancelOfASleepingTaskStillDeliversTheCancellation() {
    Task<String> task = loop.createTask(sleeper("t", 10));
    loop.callLater(
        1,
        () -> {
          assertTrue(task.cancel());
          assertEquals(0, task.uncancel());
          assertEquals(0, task.cancelling());
        });
    CancelledError cancelled = assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertNull(cancelled.getMessage());
    assertEquals(List.of("t starts", "t finally"), trace);
    assertTrue(task.isCancelled());
    assertEquals(1.0, loop.time());
  }

  /** The same on an ordinary future, which behaved so already: the future carries the cancellation. */
  @Test
  void cancelThenUncancelOfATaskAwaitingAFutureStillDeliversTheCancellation() {
    Future<String> never = loop.createFuture();
    Task<String> task =
        loop.createTask(
            Script.<String>script()
                .await(() -> never)
                .rescue(CancelledError.class, e -> trace.add("caught " + e.getMessage()))
                .returns(() -> "went on at " + loop.time()));
    loop.callLater(
        1,
        () -> {
          assertTrue(task.cancel("why"));
          assertEquals(0, task.uncancel());
        });
    assertEquals("went on at 1.0", loop.runUntilComplete(task));
    assertEquals(List.of("caught why"), trace);
    assertTrue(never.isCancelled());
  }

  /** A cancellation requested twice while the sleep is being cut short keeps the first message. */
  @Test
  void cancellingASleepingTaskTwiceKeepsTheFirstMessage() {
    Task<String> task = loop.createTask(sleeper("t", 10));
    loop.callLater(
        1,
        () -> {
          assertTrue(task.cancel("first"));
          assertTrue(task.cancel("second"));
          assertEquals(2, task.cancelling());
        });
    CancelledError cancelled = assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals("first", cancelled.getMessage());
  }

  /**
   * CPython: cancel() raises CancelledError() with no args, cancel("cancelled") one whose args are
   * ('cancelled',): the two must stay apart, in the error and in the task's result.
   */
  @Test
  void aCancellationWithoutAMessageHasNone() {
    Task<String> plain = loop.createTask(sleeper("plain", 10));
    Task<String> named = loop.createTask(sleeper("named", 10));
    loop.callLater(
        1,
        () -> {
          plain.cancel();
          named.cancel("cancelled");
        });
    loop.runUntilComplete(Script.script().await(() -> sleep(2)));
    assertNull(assertThrows(CancelledError.class, plain::result).getMessage());
    assertEquals("cancelled", assertThrows(CancelledError.class, named::result).getMessage());
    Future<String> future = loop.createFuture();
    future.cancel();
    assertNull(assertThrows(CancelledError.class, future::exception).getMessage());
    assertNull(new CancelledError().getMessage());
  }

  @Test
  void aCoroutineMayCatchTheCancellationAndGoOn() {
    AtomicReference<Task<?>> self = new AtomicReference<>();
    Script<String> stubborn =
        Script.<String>script()
            .run(() -> self.set(Task.current()))
            .await(() -> sleep(10))
            .rescue(
                CancelledError.class,
                e -> {
                  trace.add("caught " + e.getMessage() + ", cancelling=" + self.get().cancelling());
                  trace.add("uncancel -> " + self.get().uncancel());
                })
            .await(() -> sleep(1))
            .returns(() -> "finished anyway at " + loop.time());
    Task<String> task = loop.createTask(stubborn);
    loop.callLater(2, () -> task.cancel("stop"));
    assertEquals("finished anyway at 3.0", loop.runUntilComplete(task));
    assertEquals(List.of("caught stop, cancelling=1", "uncancel -> 0"), trace);
    assertFalse(task.isCancelled());
  }

  @Test
  void aTaskAwaitingACancelledTaskSeesTheCancellation() {
    Task<String> inner = loop.createTask(sleeper("inner", 10));
    Task<String> outer =
        loop.createTask(
            Script.<String>script()
                .await(() -> inner)
                .rescue(CancelledError.class, e -> trace.add("outer saw " + e.getMessage()))
                .returns(() -> "outer done"));
    loop.callLater(1, () -> inner.cancel("inner cancelled"));
    assertEquals("outer done", loop.runUntilComplete(outer));
    assertEquals(List.of("inner starts", "inner finally", "outer saw inner cancelled"), trace);
    assertTrue(inner.isCancelled());
  }

  @Test
  void cancellingATaskCancelsTheTaskItAwaits() {
    Task<String> inner = loop.createTask(sleeper("inner", 10));
    Task<String> outer =
        loop.createTask(
            Script.<String>script()
                .await(() -> inner)
                .ensure(() -> trace.add("outer finally"))
                .returns(() -> "unreachable"));
    loop.callLater(1, () -> outer.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertEquals(List.of("inner starts", "inner finally", "outer finally"), trace);
    assertTrue(inner.isCancelled());
    assertTrue(outer.isCancelled());
  }

  @Test
  void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
    Task<String> task = loop.createTask(sleeper("t", 1));
    assertTrue(task.cancel());
    assertEquals(1, task.cancelling());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals(List.of(), trace);
    assertTrue(task.isCancelled());
  }

  @Test
  void awaitingACoroutineRunsItInsideTheSameTask() {
    Task<String> task =
        loop.createTask(
            Script.<String>script()
                .await(() -> sleeper("child", 1), r -> trace.add("child returned " + r))
                .returns(() -> "parent done"));
    assertEquals("parent done", loop.runUntilComplete(task));
    assertEquals(List.of("child starts", "child woke at 1.0", "child finally", "child returned child done"), trace);
  }

  @Test
  void aFailureReachesRunUntilCompleteAsIs() {
    IOException io = new IOException("disk gone");
    Task<String> task =
        loop.createTask(
            Script.<String>script()
                .await(() -> sleep(1))
                .run(
                    () -> {
                      throw io;
                    }));
    IOException thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(task));
    assertSame(io, thrown);
    assertSame(io, task.exception());
  }

  @Test
  void yieldingAValueInsteadOfAwaitingIsReportedInTheCoroutine() {
    Co<String> yieldsValue =
        new Co<>() {
          @Override
          protected Object resume(Object sent, Throwable thrown) throws Throwable {
            if (state == 0) {
              state = 1;
              return "a value";
            }
            throw thrown;
          }
        };
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(yieldsValue));
    assertEquals(
        "Task got bad yield: a value (a coroutine run by a task may only await; use yieldFrom, not yieldValue)",
        failure.getMessage());
  }

  @Test
  void aTaskCannotAwaitItselfNorAFutureOfAnotherLoop() {
    EventLoop other = EventLoop.createVirtual();
    Future<String> foreign = other.createFuture();
    List<Task<?>> self = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Task<String> task =
        loop.createTask(
            Script.<String>script()
                .await(() -> self.get(0))
                .rescue(IllegalStateException.class, e -> errors.add(e.getMessage()))
                .await(() -> foreign)
                .rescue(IllegalStateException.class, e -> errors.add(e.getMessage()))
                .returns(() -> "survived"));
    self.add(task);
    assertEquals("survived", loop.runUntilComplete(task));
    assertTrue(errors.get(0).startsWith("Task cannot await on itself: Task<"), errors.get(0));
    assertTrue(errors.get(1).endsWith("attached to a different loop"), errors.get(1));
    other.close();
  }

  @Test
  void aTaskIsCompletedByItsCoroutineOnly() {
    Task<String> task = loop.createTask(sleeper("t", 1));
    // asyncio: RuntimeError('Task does not support set_result operation')
    IllegalStateException result = assertThrows(IllegalStateException.class, () -> task.setResult("x"));
    assertEquals("Task does not support setResult", result.getMessage());
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> task.setException(new IOException()));
    assertEquals("Task does not support setException", failure.getMessage());
    loop.runUntilComplete(task);
  }

  @Test
  void aTaskNeedsAFreshCoroutine() {
    Script<String> started = Script.<String>script().await(() -> sleep(0));
    started.send(null);
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> loop.createTask(started));
    assertEquals(
        "a task needs a coroutine that has not started: dev.yieldfrom.runtime.Script",
        failure.getMessage());
  }

  @Test
  void currentTaskIsTheTaskRunningNow() {
    AtomicReference<Task<?>> seen = new AtomicReference<>();
    Task<Object> task =
        loop.createTask(Script.script().run(() -> seen.set(Async.currentTask())));
    loop.runUntilComplete(task);
    assertSame(task, seen.get());
    assertNull(Task.current());
  }

  // ---------------------------------------------------------------- futures

  @Test
  void doneCallbacksRunOnTheLoopInOrderNeverInline() {
    Future<String> future = loop.createFuture();
    java.util.function.Consumer<Future<String>> removed = f -> trace.add("removed one ran");
    future.addDoneCallback(f -> trace.add("first sees " + f.result()));
    future.addDoneCallback(removed);
    future.addDoneCallback(f -> trace.add("second"));
    assertEquals(1, future.removeDoneCallback(removed));
    future.setResult("value");
    trace.add("setResult returned");
    future.addDoneCallback(f -> trace.add("added after done"));
    loop.runUntilComplete(future);
    loop.stop();
    loop.runForever();
    assertEquals(List.of("setResult returned", "first sees value", "second", "added after done"), trace);
  }

  @Test
  void futureMisuseErrors() {
    Future<String> future = loop.createFuture();
    InvalidStateException early = assertThrows(InvalidStateException.class, future::result);
    assertEquals("Result is not set.", early.getMessage());
    InvalidStateException earlyException = assertThrows(InvalidStateException.class, future::exception);
    assertEquals("Exception is not set.", earlyException.getMessage());
    future.setResult("once");
    InvalidStateException twice = assertThrows(InvalidStateException.class, () -> future.setResult("twice"));
    assertEquals("invalid state: Future<result=once> is already done", twice.getMessage());
    assertFalse(future.cancel());
    Future<String> other = loop.createFuture();
    IllegalArgumentException cancelledAsException =
        assertThrows(IllegalArgumentException.class, () -> other.setException(new CancelledError()));
    assertEquals("a CancelledError cannot be set as an exception: cancel the future", cancelledAsException.getMessage());
    assertTrue(other.cancel("why"));
    CancelledError cancelled = assertThrows(CancelledError.class, other::result);
    assertEquals("why", cancelled.getMessage());
    assertThrows(CancelledError.class, other::exception);
  }

  // ---------------------------------------------------------------- errors and debugging

  @Test
  void anExceptionNeverRetrievedIsReportedWhenTheLoopCloses() {
    EventLoop own = EventLoop.createVirtual();
    List<ExceptionContext> reported = new ArrayList<>();
    own.setExceptionHandler((l, context) -> reported.add(context));
    IllegalStateException lost = new IllegalStateException("nobody looked");
    Task<Object> forgotten =
        own.createTask(
            Script.script()
                .run(
                    () -> {
                      throw lost;
                    }));
    Task<Object> looked =
        own.createTask(
            Script.script()
                .run(
                    () -> {
                      throw new IllegalStateException("retrieved");
                    }));
    own.runUntilComplete(sleep(1));
    assertEquals("retrieved", looked.exception().getMessage());
    assertEquals(List.of(), reported, "nothing is reported before close");
    own.close();
    assertEquals(1, reported.size());
    assertSame(lost, reported.get(0).exception());
    assertSame(forgotten, reported.get(0).future());
    assertTrue(
        reported.get(0).message().startsWith("Task exception was never retrieved: Task<exception="),
        reported.get(0).message());
  }

  @Test
  void anExceptionConsumedByAnAwaitingTaskIsNotReported() {
    EventLoop own = EventLoop.createVirtual();
    List<ExceptionContext> reported = new ArrayList<>();
    own.setExceptionHandler((l, context) -> reported.add(context));
    Future<String> failed = own.createFuture();
    failed.setException(new IOException("seen"));
    Task<String> awaiting =
        own.createTask(
            Script.<String>script()
                .await(() -> failed)
                .rescue(IOException.class, e -> trace.add("caught " + e.getMessage()))
                .returns(() -> "ok"));
    assertEquals("ok", own.runUntilComplete(awaiting));
    own.close();
    assertEquals(List.of("caught seen"), trace);
    assertEquals(List.of(), reported);
  }

  @Test
  void debugModeReportsTasksThatNeverRanOrNeverFinished() {
    EventLoop own = EventLoop.createVirtual();
    own.setDebug(true);
    List<ExceptionContext> reported = new ArrayList<>();
    own.setExceptionHandler((l, context) -> reported.add(context));
    Task<String> started = own.createTask(sleeper("started", 100));
    own.runUntilComplete(sleep(1));
    Task<String> neverRun = own.createTask(sleeper("never", 1));
    own.close();
    assertEquals(2, reported.size());
    assertSame(started, reported.get(0).future());
    assertEquals(
        "Task was destroyed but it is pending: the loop closed before it finished",
        reported.get(0).message());
    assertSame(neverRun, reported.get(1).future());
    assertEquals(
        "coroutine dev.yieldfrom.runtime.Script was never run: its task was created but the loop closed first",
        reported.get(1).message());
    assertEquals("the task was created here", reported.get(1).exception().getMessage());
    assertEquals(List.of("started starts"), trace);
  }

  /** asyncio logs "Task was destroyed but it is pending!" also outside debug mode. */
  @Test
  void withoutDebugModePendingTasksAreReportedWithoutWhereTheyWereCreated() {
    EventLoop own = EventLoop.createVirtual();
    RecordingLogger logger = new RecordingLogger();
    own.setLogger(logger);
    Task<String> started = own.createTask(sleeper("started", 100));
    own.runUntilComplete(sleep(1));
    Task<String> neverRun = own.createTask(sleeper("never", 1));
    own.close();
    assertEquals(
        List.of(
            "ERROR Task was destroyed but it is pending: the loop closed before it finished\n  future: "
                + started,
            "ERROR coroutine dev.yieldfrom.runtime.Script was never run: its task was created but the"
                + " loop closed first\n  future: "
                + neverRun),
        logger.lines);
    assertEquals(List.of(), logger.exceptions);
    assertEquals(List.of("started starts"), trace, "close runs no finally block");
  }

  @Test
  void debugModeLogsSlowCallbacks() {
    EventLoop own = EventLoop.createVirtual();
    RecordingLogger logger = new RecordingLogger();
    own.setLogger(logger);
    own.setDebug(true);
    own.setSlowCallbackDuration(1e6);
    own.runUntilComplete(sleep(1));
    assertEquals(List.of(), logger.lines, "nothing takes 11 days");
    own.setSlowCallbackDuration(0);
    own.callSoon(() -> trace.add("slow one"));
    own.stop();
    own.runForever();
    assertEquals(1, logger.lines.size());
    assertTrue(logger.lines.get(0).matches("WARNING Executing Handle<.*> took \\d+\\.\\d{3} seconds"), logger.lines.get(0));
    own.close();
  }

  @Test
  void debugModeRejectsCallsFromAnotherThreadWhileRunning() throws Exception {
    EventLoop own = EventLoop.createVirtual();
    own.setDebug(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    own.callSoon(
        () -> {
          Thread other = new Thread(() -> {
            try {
              own.callSoon(() -> {});
            } catch (Throwable t) {
              failure.set(t);
            }
          });
          other.start();
          try {
            other.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          own.stop();
        });
    own.runForever();
    own.close();
    // Refused in any mode now, naming the thread-safe way (debug mode adds nothing to callSoon).
    assertTrue(
        failure.get().getMessage().startsWith("callSoon() called from thread "),
        failure.get().getMessage());
    assertTrue(
        failure.get().getMessage().contains("use callSoonThreadsafe()"),
        failure.get().getMessage());
  }
}
