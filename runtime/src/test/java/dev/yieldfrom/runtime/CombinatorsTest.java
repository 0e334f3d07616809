package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.asCompleted;
import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.gatherReturningExceptions;
import static dev.yieldfrom.runtime.Async.shield;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.taskGroup;
import static dev.yieldfrom.runtime.Async.timeout;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

class CombinatorsTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private <T> T run(Gen<?, ?, T> main) {
    return loop.runUntilComplete(main);
  }

  /** Sleeps, records its wake-up, returns its name; its finally is traced. */
  private Script<String> worker(String name, double seconds) {
    return Script.<String>script()
        .await(() -> sleep(seconds))
        .run(() -> trace.add(name + " done at " + loop.time()))
        .ensure(() -> trace.add(name + " finally"))
        .returns(() -> name);
  }

  private Script<String> failing(String name, double seconds, Throwable failure) {
    return Script.<String>script()
        .await(() -> sleep(seconds))
        .run(
            () -> {
              trace.add(name + " fails at " + loop.time());
              throw failure;
            });
  }

  @Test
  void sleepsWakeInTimeOrder() {
    run(
        Script.script()
            .await(() -> gather(worker("three", 3), worker("one", 1), worker("two", 2))));
    assertEquals(
        List.of("one done at 1.0", "one finally", "two done at 2.0", "two finally", "three done at 3.0", "three finally"),
        trace);
  }

  @Test
  void sleepZeroYieldsNullOnceAndInterleavesTasks() {
    Co<String> zero = sleep(0, "r");
    assertNull(zero.send(null), "sleep(0) is a bare yield");
    StopIteration done = assertThrows(StopIteration.class, () -> zero.send(null));
    assertEquals("r", done.value());

    Script<Object> a = Script.script().run(() -> trace.add("a1")).await(() -> sleep(0)).run(() -> trace.add("a2"));
    Script<Object> b = Script.script().run(() -> trace.add("b1")).await(() -> sleep(0)).run(() -> trace.add("b2"));
    run(Script.script().await(() -> gather(a, b)));
    assertEquals(List.of("a1", "b1", "a2", "b2"), trace);
    assertEquals(0.0, loop.time());
  }

  @Test
  void gatherReturnsResultsInArgumentOrder() {
    Future<String> ready = loop.createFuture();
    ready.setResult("ready");
    List<Object> results = new ArrayList<>();
    run(
        Script.script()
            .await(
                () -> gather(worker("slow", 2), worker("fast", 1), ready, ready),
                r -> results.addAll((List<?>) r)));
    assertEquals(List.of("slow", "fast", "ready", "ready"), results);
  }

  @Test
  void gatherFailsWithTheFirstFailureAndTheOthersGoOn() {
    IOException boom = new IOException("boom");
    AtomicReference<Throwable> caught = new AtomicReference<>();
    run(
        Script.script()
            .await(() -> gather(worker("slow", 3), failing("bad", 1, boom)))
            .rescue(IOException.class, caught::set)
            .run(() -> trace.add("gather raised at " + loop.time()))
            .await(() -> sleep(5)));
    assertSame(boom, caught.get());
    assertEquals(
        List.of("bad fails at 1.0", "gather raised at 1.0", "slow done at 3.0", "slow finally"), trace);
  }

  @Test
  void gatherCanReturnExceptionsAsResults() {
    IOException boom = new IOException("boom");
    List<Object> results = new ArrayList<>();
    Task<String> cancelledChild = loop.createTask(worker("cancelled", 5));
    run(
        Script.script()
            .run(() -> cancelledChild.cancel("nope"))
            .await(
                () ->
                    gatherReturningExceptions(
                        List.of(worker("ok", 1), failing("bad", 2, boom), cancelledChild)),
                r -> results.addAll((List<?>) r)));
    assertEquals("ok", results.get(0));
    assertSame(boom, results.get(1));
    assertInstanceOf(CancelledError.class, results.get(2));
    assertEquals("nope", ((CancelledError) results.get(2)).getMessage());
  }

  @Test
  void cancellingTheGatherCancelsTheChildren() {
    AtomicReference<Future<List<Object>>> gathering = new AtomicReference<>();
    Task<Object> main =
        loop.createTask(
            Script.script()
                .await(
                    () -> {
                      gathering.set(gather(worker("a", 5), worker("b", 6)));
                      return gathering.get();
                    }));
    loop.callLater(1, () -> trace.add("cancel returned " + gathering.get().cancel()));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(main));
    assertEquals(List.of("cancel returned true", "a finally", "b finally"), trace);
    assertTrue(gathering.get().isCancelled());
  }

  @Test
  void emptyGatherIsAnEmptyList() {
    List<Object> results = new ArrayList<>(List.of("marker"));
    run(Script.script().await(() -> gather(), r -> results.addAll((List<?>) r)));
    assertEquals(List.of("marker"), results);
  }

  @Test
  void waitUntilFirstCompletedFirstExceptionAndAllCompleted() {
    List<String> outcome = new ArrayList<>();
    run(
        Script.script()
            .await(
                () -> waitUntil(List.of(loop.createTask(worker("a", 2)), loop.createTask(worker("b", 1))), ReturnWhen.FIRST_COMPLETED),
                r -> outcome.add("first completed at " + loop.time() + ": " + describe((Waited<?>) r)))
            .await(
                () ->
                    waitUntil(
                        List.of(loop.createTask(worker("c", 5)), loop.createTask(failing("d", 1, new IOException("d failed")))),
                        ReturnWhen.FIRST_EXCEPTION),
                r -> outcome.add("first exception at " + loop.time() + ": " + describe((Waited<?>) r)))
            .await(
                () -> waitUntil(List.of(loop.createTask(worker("e", 1)), loop.createTask(worker("f", 2)))),
                r -> outcome.add("all at " + loop.time() + ": " + describe((Waited<?>) r))));
    assertEquals(
        List.of(
            "first completed at 1.0: done=[b] pending=1",
            "first exception at 2.0: done=[d failed] pending=1",
            "all at 4.0: done=[e, f] pending=0"),
        outcome);
  }

  private static String describe(Waited<?> waited) {
    List<Object> done = new ArrayList<>();
    for (Future<?> f : waited.done()) {
      done.add(f.exception() == null ? f.result() : f.exception().getMessage());
    }
    return "done=" + done + " pending=" + waited.pending().size();
  }

  @Test
  void waitUntilWithATimeoutReturnsThePendingOnesWithoutCancellingThem() {
    List<String> outcome = new ArrayList<>();
    Task<String> slow = loop.createTask(worker("slow", 10));
    run(
        Script.script()
            .await(
                () -> waitUntil(List.of(slow), ReturnWhen.ALL_COMPLETED, 2),
                r -> outcome.add("at " + loop.time() + " pending=" + ((Waited<?>) r).pending().size()))
            .await(() -> slow));
    assertEquals(List.of("at 2.0 pending=1"), outcome);
    assertEquals(List.of("slow done at 10.0", "slow finally"), trace);
  }

  @Test
  void waitUntilRefusesNoFutures() {
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> waitUntil(List.<Future<?>>of()));
    assertEquals("Set of Futures is empty.", failure.getMessage());
  }

  @Test
  void waitForReturnsInTime() {
    assertEquals("quick", run(waitFor(worker("quick", 1), 5)));
  }

  @Test
  void waitForTimesOutCancelsTheWorkAndRaisesTimeoutException() {
    AtomicReference<Throwable> caught = new AtomicReference<>();
    run(
        Script.script()
            .await(() -> waitFor(worker("slow", 10), 2))
            .rescue(TimeoutException.class, caught::set)
            .run(() -> trace.add("timed out at " + loop.time())));
    assertEquals(List.of("slow finally", "timed out at 2.0"), trace);
    assertInstanceOf(CancelledError.class, caught.get().getCause());
  }

  @Test
  void waitForATaskCancelsTheTaskOnTimeout() {
    Task<String> task = loop.createTask(worker("task", 10));
    assertThrows(TimeoutException.class, () -> run(waitFor(task, 3)));
    assertTrue(task.isCancelled());
    assertEquals(List.of("task finally"), trace);
  }

  @Test
  void waitForWithNoTimeLeftCancelsBeforeTheWorkStarts() {
    assertThrows(TimeoutException.class, () -> run(waitFor(worker("never", 1), 0)));
    assertEquals(List.of(), trace);
    Future<String> done = loop.createFuture();
    done.setResult("already");
    assertEquals("already", run(waitFor(done, 0)));
  }

  @Test
  void asCompletedGivesResultsInCompletionOrder() {
    List<Object> order = new ArrayList<>();
    run(
        Script.script()
            .run(
                () -> {
                  List<Co<Object>> next = asCompleted(List.of(worker("c", 3), worker("a", 1), worker("b", 2)));
                  order.add(next.size());
                })
            .await(
                () -> {
                  List<Co<Object>> next = asCompleted(List.of(worker("z", 3), worker("x", 1), worker("y", 2)));
                  return Script.script()
                      .await(() -> next.get(0), order::add)
                      .await(() -> next.get(1), order::add)
                      .await(() -> next.get(2), order::add);
                }));
    assertEquals(List.of(3, "x", "y", "z"), order);
  }

  @Test
  void asCompletedRaisesTimeoutForTheRest() {
    List<Object> order = new ArrayList<>();
    run(
        Script.script()
            .await(
                () -> {
                  List<Co<Object>> next = asCompleted(List.of(worker("late", 9), worker("early", 1)), 2);
                  return Script.script()
                      .await(() -> next.get(0), order::add)
                      .await(() -> { order.add("awaiting second"); return next.get(1); }, order::add)
                      .rescue(TimeoutException.class, e -> order.add("timeout at " + loop.time()));
                }));
    assertEquals(List.of("early", "awaiting second", "timeout at 2.0"), order);
  }

  @Test
  void shieldKeepsTheInnerTaskRunningWhenTheAwaiterIsCancelled() {
    AtomicReference<Task<String>> inner = new AtomicReference<>();
    Task<Object> outer =
        loop.createTask(
            Script.script()
                .await(
                    () -> {
                      inner.set(loop.createTask(worker("inner", 5)));
                      return shield(inner.get());
                    })
                .ensure(() -> trace.add("outer finally at " + loop.time())));
    loop.callLater(1, outer::cancel);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertEquals("inner", loop.runUntilComplete(inner.get()));
    assertEquals(List.of("outer finally at 1.0", "inner done at 5.0", "inner finally"), trace);
  }

  // ---------------------------------------------------------------- timeout blocks

  @Test
  void aTimeoutBlockThatExpiresRaisesTimeoutExceptionAfterTheBodyCleansUp() {
    AtomicReference<Timeout<String>> scope = new AtomicReference<>();
    TimeoutException timedOut =
        assertThrows(
            TimeoutException.class,
            () ->
                run(
                    Script.script()
                        .await(
                            () -> {
                              Timeout<String> t = timeout(2, worker("body", 10));
                              scope.set(t);
                              return t;
                            })));
    assertEquals("timed out", timedOut.getMessage());
    assertEquals(List.of("body finally"), trace);
    assertTrue(scope.get().expired());
    assertEquals(2.0, scope.get().when());
    assertEquals(2.0, loop.time());
  }

  @Test
  void aTimeoutBlockThatFinishesInTimeReturnsTheBodysResult() {
    Timeout<String> t = timeout(5, worker("body", 1));
    assertEquals("body", run(t));
    assertTrue(!t.expired());
  }

  @Test
  void theBodyCanRescheduleItsTimeout() {
    Timeout<String> t =
        timeout(
            1,
            (Timeout<String> scope) ->
                Script.<String>script()
                    .run(() -> scope.reschedule(loop.time() + 10))
                    .await(() -> sleep(3))
                    .returns(() -> "extended"));
    assertEquals("extended", run(t));
    IllegalStateException late = assertThrows(IllegalStateException.class, () -> t.reschedule(1));
    assertEquals("Cannot change state of exited Timeout", late.getMessage());
  }

  @Test
  void aCancellationFromOutsideIsNotMistakenForTheTimeout() {
    Task<Object> task = loop.createTask(Script.script().await(() -> timeout(5, worker("body", 10))));
    loop.callLater(1, task::cancel);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals(List.of("body finally"), trace);
  }

  @Test
  void aTimeoutBlockNeedsATask() {
    Timeout<String> t = timeout(1, worker("x", 1));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            t.send(null);
          } catch (Throwable e) {
            failure.set(e);
          }
          loop.stop();
        });
    loop.runForever();
    assertEquals("Timeout should be used inside a task", failure.get().getMessage());
  }

  // ---------------------------------------------------------------- task groups

  @Test
  void aTaskGroupWaitsForAllItsTasks() {
    List<Task<String>> tasks = new ArrayList<>();
    String result =
        run(
            taskGroup(
                group -> {
                  tasks.add(group.createTask(worker("a", 2)));
                  tasks.add(group.createTask(worker("b", 1)));
                  return Script.<String>script().returns(() -> "body done at " + loop.time());
                }));
    assertEquals("body done at 0.0", result);
    assertEquals(List.of("b done at 1.0", "b finally", "a done at 2.0", "a finally"), trace);
    assertEquals("a", tasks.get(0).result());
  }

  @Test
  void aFailingChildCancelsItsSiblingsAndTheBodyAndTheGroupRaises() {
    IOException boom = new IOException("boom");
    Task<Object> main =
        loop.createTask(
            Script.script()
                .await(
                    () ->
                        taskGroup(
                            group -> {
                              group.createTask(worker("sibling", 10));
                              group.createTask(failing("bad", 1, boom));
                              return worker("body", 20);
                            }))
                .rescue(
                    ExceptionGroup.class,
                    e -> {
                      trace.add("group raised " + e.getMessage() + " at " + loop.time());
                      assertEquals(List.of(boom), ((ExceptionGroup) e).exceptions());
                    })
                .run(() -> trace.add("cancelling=" + Task.current().cancelling()))
                .await(() -> sleep(1))
                .run(() -> trace.add("the task goes on at " + loop.time())));
    loop.runUntilComplete(main);
    assertEquals(
        List.of(
            "bad fails at 1.0",
            "sibling finally",
            "body finally",
            "group raised unhandled errors in a TaskGroup (1 sub-exception) at 1.0",
            "cancelling=0",
            "the task goes on at 2.0"),
        trace);
  }

  @Test
  void allFailuresAndTheBodysAreCollected() {
    IOException first = new IOException("first");
    IllegalStateException second = new IllegalStateException("second");
    IllegalArgumentException fromBody = new IllegalArgumentException("body");
    ExceptionGroup group =
        assertThrows(
            ExceptionGroup.class,
            () ->
                run(
                    taskGroup(
                        g -> {
                          g.createTask(failing("one", 1, first));
                          g.createTask(failing("two", 1, second));
                          return Script.script()
                              .await(() -> sleep(5))
                              .rescue(
                                  CancelledError.class,
                                  e -> {
                                    throw fromBody;
                                  });
                        })));
    assertEquals(List.of(first, second, fromBody), group.exceptions());
    assertEquals("unhandled errors in a TaskGroup (3 sub-exceptions)", group.getMessage());
    assertEquals(3, group.getSuppressed().length);
  }

  @Test
  void cancellingTheTaskRunningAGroupCancelsItsChildren() {
    Task<Object> main =
        loop.createTask(
            Script.script()
                .await(
                    () ->
                        taskGroup(
                            group -> {
                              group.createTask(worker("child", 10));
                              return Script.script();
                            })));
    loop.callLater(1, main::cancel);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(main));
    assertEquals(List.of("child finally"), trace);
    assertTrue(main.isCancelled());
  }

  @Test
  void aFinishedGroupRefusesNewTasks() {
    AtomicReference<TaskGroup> kept = new AtomicReference<>();
    run(
        taskGroup(
            group -> {
              kept.set(group);
              return Script.script();
            }));
    Script<String> late = worker("late", 1);
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> kept.get().createTask(late));
    assertEquals("TaskGroup is finished", failure.getMessage());
    assertTrue(late.isDone(), "the coroutine that will never run is closed");
  }

  @Test
  void aGroupShuttingDownRefusesNewTasks() {
    AtomicReference<String> refusal = new AtomicReference<>();
    assertThrows(
        ExceptionGroup.class,
        () ->
            run(
                taskGroup(
                    group -> {
                      group.createTask(failing("bad", 1, new IOException("x")));
                      return Script.script()
                          .await(() -> sleep(5))
                          .rescue(
                              CancelledError.class,
                              e -> {
                                try {
                                  group.createTask(worker("late", 1));
                                } catch (IllegalStateException refused) {
                                  refusal.set(refused.getMessage());
                                }
                              });
                    })));
    assertEquals("TaskGroup is shutting down", refusal.get());
  }
}
