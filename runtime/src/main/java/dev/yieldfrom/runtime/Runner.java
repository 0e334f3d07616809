package dev.yieldfrom.runtime;

import java.util.List;
import java.util.function.Supplier;

/** {@link EventLoop#run}: asyncio.run's life cycle of a loop around one main coroutine. */
final class Runner {
  private Runner() {}

  static <T> T run(Gen<?, ?, T> main, Supplier<EventLoop> loopFactory) {
    if (main == null) {
      throw new NullPointerException("main");
    }
    if (EventLoop.running() != null) {
      throw new IllegalStateException("EventLoop.run() cannot be called from a running event loop");
    }
    EventLoop loop = loopFactory.get();
    if (loop.isClosed() || loop.isRunning()) {
      throw new IllegalStateException("the loop factory must make a new loop, got " + loop);
    }
    try {
      return loop.runUntilComplete(main);
    } finally {
      try {
        cancelAllTasks(loop);
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
      } finally {
        loop.close();
      }
    }
  }

  /**
   * Cancels every task not done yet and runs the loop until all have finished (their
   * {@code finally} blocks ran); a task that ended with an exception other than its cancellation
   * is reported to the exception handler, as asyncio.run does.
   */
  static void cancelAllTasks(EventLoop loop) {
    List<Task<?>> remaining = loop.allTasks();
    if (remaining.isEmpty()) {
      return;
    }
    for (Task<?> task : remaining) {
      task.cancel();
    }
    loop.runUntilComplete(Async.gatherReturningExceptions(remaining));
    for (Task<?> task : remaining) {
      if (!task.isCancelled() && task.exception() != null) {
        loop.callExceptionHandler(
            new ExceptionContext(
                "unhandled exception during EventLoop.run() shutdown", task.exception(), task, null));
      }
    }
  }
}
