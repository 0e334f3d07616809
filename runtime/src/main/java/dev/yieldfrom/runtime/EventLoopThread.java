package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * An event loop running forever on a thread of its own, for programs whose other threads hand
 * coroutines to it. {@link #submit} is thread-safe (asyncio's {@code run_coroutine_threadsafe});
 * so is {@link #close()}, which cancels the tasks still running, lets them finish, and closes the
 * loop.
 *
 * <pre>{@code
 * try (EventLoopThread loopThread = EventLoopThread.start("io")) {
 *   String page = loopThread.submit(fetch(url)).join();
 * }
 * }</pre>
 */
public final class EventLoopThread implements AutoCloseable {
  private final EventLoop loop;
  private final Thread thread;
  /** The tasks submitted and not done yet; loop thread only. */
  private final Set<Task<?>> tasks = new LinkedHashSet<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Throwable crash;

  private EventLoopThread(EventLoop loop, String name) {
    this.loop = loop;
    loop.clock.holdForExternalWork();
    this.thread = new Thread(this::runLoop, name);
    thread.setDaemon(true);
  }

  /** Starts a thread named {@code name} running a new real-time loop. */
  public static EventLoopThread start(String name) {
    return start(EventLoop.create(), name);
  }

  /**
   * Starts a thread named {@code name} running {@code loop}, which must be new: not running and
   * not used on another thread.
   */
  public static EventLoopThread start(EventLoop loop, String name) {
    if (loop.isRunning() || loop.isClosed()) {
      throw new IllegalStateException("the loop must be neither running nor closed: " + loop);
    }
    EventLoopThread loopThread = new EventLoopThread(loop, name);
    loopThread.thread.start();
    return loopThread;
  }

  public EventLoop loop() {
    return loop;
  }

  public Thread thread() {
    return thread;
  }

  /**
   * Runs {@code coroutine} as a task on the loop; the returned future completes with its outcome.
   * Cancelling the returned future cancels the task. Callable from any thread.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> submit(Gen<?, ?, T> coroutine) {
    return loop.interop.runCoroutineThreadsafe(
        coroutine,
        task -> {
          tasks.add(task);
          task.addDoneCallback(tasks::remove);
        });
  }

  private void runLoop() {
    try {
      loop.runForever();
      cancelRemainingTasks();
    } catch (Throwable failure) {
      crash = failure;
    } finally {
      try {
        loop.close();
      } finally {
        stopped.countDown();
      }
    }
  }

  /** As asyncio.run does at the end: cancel what is left and let it run its finally blocks. */
  private void cancelRemainingTasks() {
    List<Task<?>> remaining = new ArrayList<>();
    for (Task<?> task : tasks) {
      if (!task.isDone()) {
        remaining.add(task);
        task.cancel();
      }
    }
    if (!remaining.isEmpty()) {
      loop.runUntilComplete(Async.gatherReturningExceptions(remaining));
    }
  }

  /**
   * Stops the loop, cancels the tasks still running and waits for them and the thread to finish,
   * then closes the loop. Callable from any thread but the loop's; closing twice does nothing.
   *
   * @throws IllegalStateException if called on the loop's own thread
   */
  @Override
  public void close() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("an EventLoopThread cannot be closed from its own thread");
    }
    try {
      loop.callSoonThreadsafe(
          () -> {
            loop.clock.releaseExternalWork();
            loop.stop();
          });
    } catch (IllegalStateException alreadyClosed) {
      // The loop already ended.
    }
    boolean interrupted = false;
    while (true) {
      try {
        stopped.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable failure = crash;
    if (failure != null) {
      throw new IllegalStateException("the event loop thread failed", failure);
    }
  }
}
