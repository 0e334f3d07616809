package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InteropTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void runInExecutorRunsOffTheLoopAndDeliversOnIt() {
    Thread loopThread = Thread.currentThread();
    String result =
        loop.runUntilComplete(
            Script.<String>script()
                .await(
                    () ->
                        Async.runInExecutor(
                            () -> {
                              trace.add("job on loop thread: " + (Thread.currentThread() == loopThread));
                              return "computed";
                            }),
                    r -> trace.add("resumed on loop thread: " + (Thread.currentThread() == loopThread) + " with " + r))
                .returns(() -> "ok"));
    assertEquals("ok", result);
    assertEquals(List.of("job on loop thread: false", "resumed on loop thread: true with computed"), trace);
  }

  @Test
  void runInAGivenExecutorPropagatesTheJobsException() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      IOException failure =
          assertThrows(
              IOException.class,
              () ->
                  loop.runUntilComplete(
                      loop.runInExecutor(
                          pool,
                          () -> {
                            throw new IOException("blocked call failed");
                          })));
      assertEquals("blocked call failed", failure.getMessage());
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void virtualTimeWaitsForExecutorJobsInsteadOfJumpingPastThem() {
    CountDownLatch release = new CountDownLatch(1);
    String result =
        loop.runUntilComplete(
            Script.<String>script()
                .run(() -> loop.callLater(100, () -> trace.add("timer at 100")))
                .run(() -> new Thread(release::countDown).start())
                .await(
                    () ->
                        waitFor(
                            Async.runInExecutor(
                                () -> {
                                  release.await();
                                  return "job";
                                }),
                            5))
                .returns(() -> "finished at " + loop.time()));
    assertEquals("finished at 0.0", result);
  }

  @Test
  void aCoroutineAwaitsACompletionStageCompletedByAnotherThread() {
    CompletableFuture<String> stage = new CompletableFuture<>();
    String result =
        loop.runUntilComplete(
            Script.<String>script()
                .run(() -> new Thread(() -> stage.complete("from another thread")).start())
                .await(() -> stage, r -> trace.add("got " + r))
                .await(() -> CompletableFuture.completedFuture("already done"), r -> trace.add("got " + r))
                .returns(() -> "ok"));
    assertEquals("ok", result);
    assertEquals(List.of("got from another thread", "got already done"), trace);
  }

  @Test
  void aFailedStageRaisesItsCauseUnwrapped() {
    IOException cause = new IOException("remote failed");
    CompletableFuture<String> failed = CompletableFuture.<String>completedFuture("x").thenApply(x -> {
      throw new CompletionException(cause);
    });
    IOException thrown =
        assertThrows(IOException.class, () -> loop.runUntilComplete(Script.script().await(() -> failed)));
    assertSame(cause, thrown);
  }

  @Test
  void cancellingATaskAwaitingAStageCancelsTheStage() {
    CompletableFuture<String> never = new CompletableFuture<>();
    Task<Object> task =
        loop.createTask(Script.script().await(() -> never).ensure(() -> trace.add("finally")));
    loop.callSoon(() -> loop.callSoon(task::cancel));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    loop.runUntilComplete(sleep(0));
    assertTrue(never.isCancelled());
    assertEquals(List.of("finally"), trace);
  }

  @Test
  void aTaskSeenAsCompletableFutureCompletesAndCancelsBothWays() throws Exception {
    Task<String> task = loop.createTask(Script.<String>script().await(() -> sleep(1)).returns(() -> "value"));
    CompletableFuture<String> view = task.toCompletableFuture();
    loop.runUntilComplete(task);
    loop.runUntilComplete(sleep(0));
    assertEquals("value", view.get());

    Task<String> sleeper =
        loop.createTask(Script.<String>script().await(() -> sleep(10)).ensure(() -> trace.add("sleeper finally")));
    CompletableFuture<String> sleeperView = sleeper.toCompletableFuture();
    loop.callLater(1, () -> sleeperView.cancel(true));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(sleeper));
    assertEquals(List.of("sleeper finally"), trace);

    Task<String> cancelled = loop.createTask(Script.<String>script().await(() -> sleep(10)));
    CompletableFuture<String> cancelledView = cancelled.toCompletableFuture();
    cancelled.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(cancelled));
    loop.runUntilComplete(sleep(0));
    assertTrue(cancelledView.isCancelled());
  }

  @Test
  void anEventLoopThreadRunsSubmittedCoroutines() throws Exception {
    try (EventLoopThread loopThread = EventLoopThread.start("test-loop")) {
      CompletableFuture<String> ok =
          loopThread.submit(
              Script.<String>script()
                  .await(() -> sleep(0.001))
                  .returns(() -> "ran on " + Thread.currentThread().getName()));
      assertEquals("ran on test-loop", ok.get(5, TimeUnit.SECONDS));

      CompletableFuture<Object> failing =
          loopThread.submit(
              Script.script()
                  .run(
                      () -> {
                        throw new IOException("failed on the loop");
                      }));
      ExecutionException failure = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, failure.getCause());

      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch cleanedUp = new CountDownLatch(1);
      CompletableFuture<Object> longRunning =
          loopThread.submit(
              Script.script()
                  .run(started::countDown)
                  .await(() -> sleep(3600))
                  .ensure(cleanedUp::countDown));
      assertTrue(started.await(5, TimeUnit.SECONDS));
      longRunning.cancel(false);
      assertTrue(cleanedUp.await(5, TimeUnit.SECONDS), "cancelling the future cancels the task");
      assertThrows(CancellationException.class, longRunning::join);
    }
  }

  @Test
  void closingAnEventLoopThreadCancelsWhatStillRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    EventLoopThread loopThread = EventLoopThread.start(EventLoop.createVirtual(), "virtual-loop");
    CompletableFuture<Object> pending =
        loopThread.submit(
            Script.script()
                .run(started::countDown)
                .await(() -> new CompletableFuture<String>())
                .ensure(() -> trace.add("finally ran on " + Thread.currentThread().getName())));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    loopThread.close();
    loopThread.close();
    assertEquals(List.of("finally ran on virtual-loop"), trace);
    assertTrue(pending.isCancelled());
    assertTrue(loopThread.loop().isClosed());
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> loopThread.submit(Script.script()));
    assertEquals("Event loop is closed", closed.getMessage());
  }
}
