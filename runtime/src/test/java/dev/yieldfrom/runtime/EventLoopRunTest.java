package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CPython's test_runners (asyncio.run) and the virtual clock's advance, ported. */
class EventLoopRunTest {
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<EventLoop> made = new AtomicReference<>();
  private final List<ExceptionContext> reported = new ArrayList<>();

  /** A virtual loop factory that remembers its loop and records what it reports. */
  private EventLoop virtualLoop() {
    EventLoop loop = EventLoop.createVirtual();
    loop.setExceptionHandler((l, context) -> reported.add(context));
    made.set(loop);
    return loop;
  }

  private Script<String> lingering(String name, double seconds) {
    return Script.<String>script()
        .run(() -> trace.add(name + " starts"))
        .await(() -> sleep(seconds))
        .ensure(() -> trace.add(name + " finally at " + made.get().time()))
        .returns(() -> name);
  }

  /** test_asyncio_run_return */
  @Test
  void runReturnsTheResultAndClosesItsLoop() {
    assertEquals("ok", EventLoop.run(Script.<String>script().returns(() -> "ok"), this::virtualLoop));
    assertTrue(made.get().isClosed());
    assertNull(EventLoop.running());
    assertEquals(List.of(), reported);
  }

  /** test_asyncio_run_raises */
  @Test
  void runRethrowsTheExceptionOfMainAsIs() {
    IOException boom = new IOException("boom");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                EventLoop.run(
                    Script.script()
                        .run(
                            () -> {
                              throw boom;
                            }),
                    this::virtualLoop));
    assertSame(boom, thrown);
    assertTrue(made.get().isClosed());
    assertEquals(List.of(), reported, "main's exception was retrieved");
  }

  /** test_asyncio_run_from_running_loop */
  @Test
  void runCannotBeCalledFromARunningLoop() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    EventLoop.run(
        Script.script()
            .run(
                () -> {
                  try {
                    EventLoop.run(Script.script());
                  } catch (IllegalStateException e) {
                    refused.set(e);
                  }
                }),
        this::virtualLoop);
    assertEquals("EventLoop.run() cannot be called from a running event loop", refused.get().getMessage());
  }

  /** test_asyncio_run_cancels_hanging_tasks */
  @Test
  void tasksLeftPendingAreCancelledAndRunTheirFinallyBlocks() {
    AtomicReference<Task<String>> lingeringTask = new AtomicReference<>();
    String result =
        EventLoop.run(
            Script.<String>script()
                .run(() -> lingeringTask.set(createTask(lingering("lingering", 1000))))
                .await(() -> sleep(0.1))
                .returns(() -> "main done"),
            this::virtualLoop);
    assertEquals("main done", result);
    assertEquals(List.of("lingering starts", "lingering finally at 0.1"), trace);
    assertTrue(lingeringTask.get().isCancelled());
    assertEquals(List.of(), reported, "nothing is dropped pending");
  }

  /** test_asyncio_run_reports_hanging_tasks_errors */
  @Test
  void aTaskFailingWhileCancelledAtTheEndIsReported() {
    IllegalStateException late = new IllegalStateException("failed while cancelled");
    AtomicReference<Task<Object>> stubborn = new AtomicReference<>();
    EventLoop.run(
        Script.script()
            .run(
                () ->
                    stubborn.set(
                        createTask(
                            Script.script()
                                .await(() -> sleep(1000))
                                .rescue(
                                    CancelledError.class,
                                    e -> {
                                      throw late;
                                    }))))
            .await(() -> sleep(0)),
        this::virtualLoop);
    assertEquals(1, reported.size());
    assertEquals("unhandled exception during EventLoop.run() shutdown", reported.get(0).message());
    assertSame(late, reported.get(0).exception());
    assertSame(stubborn.get(), reported.get(0).future());
  }

  /** test_asyncio_run_only_coro's counterpart: the runner shuts the default executor down and waits. */
  @Test
  void runWaitsForTheDefaultExecutorsJobs() {
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    EventLoop.run(
        Script.script()
            .run(
                () -> {
                  loop.set(EventLoop.getRunningLoop());
                  // Started, never awaited: asyncio.run still waits for it to finish.
                  EventLoop.getRunningLoop()
                      .runInExecutor(
                          () -> {
                            Thread.sleep(200);
                            trace.add("job finished");
                            return null;
                          });
                }));
    assertEquals(List.of("job finished"), trace);
    assertTrue(loop.get().isClosed());
  }

  @Test
  void shutdownDefaultExecutorIsAwaitableAndRefusesLaterJobs() {
    EventLoop loop = EventLoop.create();
    try {
      loop.runUntilComplete(loop.runInExecutor(() -> "warm"));
      Future<Void> shutdown = loop.shutdownDefaultExecutor();
      assertNull(loop.runUntilComplete(shutdown));
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> loop.runInExecutor(() -> "late"));
      assertEquals("Executor shutdown has been called", refused.getMessage());
      assertNull(loop.runUntilComplete(loop.shutdownDefaultExecutor()), "twice is fine");
    } finally {
      loop.close();
    }
  }

  @Test
  void shutdownDefaultExecutorShutsDownAGivenExecutorService() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (EventLoop loop = EventLoop.createVirtual()) {
      loop.setDefaultExecutor(pool);
      assertEquals("from the pool", loop.runUntilComplete(loop.runInExecutor(() -> "from the pool")));
      loop.runUntilComplete(loop.shutdownDefaultExecutor());
      assertTrue(pool.isTerminated());
    }
  }

  // ---------------------------------------------------------------- advancing the virtual clock

  @Test
  void advanceRunsWhatIsDueAndMovesTheClock() {
    try (EventLoop loop = EventLoop.createVirtual()) {
      made.set(loop);
      Task<String> task = loop.createTask(lingering("t", 5));
      loop.callLater(2, () -> trace.add("timer at " + loop.time()));
      loop.advance(0);
      assertEquals(List.of("t starts"), trace);
      assertEquals(0.0, loop.time());
      loop.advance(3);
      assertEquals(3.0, loop.time());
      assertEquals(List.of("t starts", "timer at 2.0"), trace);
      assertFalse(task.isDone());
      loop.advance(2);
      assertTrue(task.isDone(), "due exactly at the end of the advance");
      assertEquals("t", task.result());
      assertEquals(5.0, loop.time());
      loop.advance(10);
      assertEquals(15.0, loop.time(), "an idle loop's clock still moves");
    }
  }

  @Test
  void advanceUntilIdleRunsEveryTimerAndLeavesWaitersPending() {
    try (EventLoop loop = EventLoop.createVirtual()) {
      made.set(loop);
      Task<String> sleeper = loop.createTask(lingering("sleeper", 60));
      Future<String> never = loop.createFuture();
      Task<Object> waiter = loop.createTask(Script.script().await(() -> never));
      TimerHandle cancelled = loop.callLater(500, () -> trace.add("cancelled timer ran"));
      cancelled.cancel();
      loop.advanceUntilIdle();
      assertEquals("sleeper", sleeper.result());
      assertEquals(60.0, loop.time(), "the cancelled timer does not move the clock");
      assertFalse(waiter.isDone());
      waiter.cancel();
      loop.advanceUntilIdle();
      assertTrue(waiter.isCancelled());
    }
  }

  @Test
  void advanceNeedsAVirtualLoopAndAForwardStep() {
    try (EventLoop real = EventLoop.create(); EventLoop virtual = EventLoop.createVirtual()) {
      IllegalStateException notVirtual = assertThrows(IllegalStateException.class, () -> real.advance(1));
      assertEquals("advance() needs a loop on virtual time (EventLoop.createVirtual())", notVirtual.getMessage());
      assertThrows(IllegalStateException.class, real::advanceUntilIdle);
      IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> virtual.advance(-1));
      assertEquals("cannot advance by -1.0 seconds", backwards.getMessage());
      assertThrows(IllegalArgumentException.class, () -> virtual.advance(Double.NaN));
    }
  }
}
