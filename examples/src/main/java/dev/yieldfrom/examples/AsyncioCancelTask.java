package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;

/**
 * asyncio_cancel_task.py: a task cancelled before it starts never runs its coroutine, and
 * awaiting it raises {@link CancelledError}. Python's {@code try/except/else} becomes a catch
 * block that returns, followed by the {@code else} part.
 *
 * <p>The task is printed as CPython prints it, less the default task name and the source
 * location (see {@link Py#repr}); the expected output was normalised the same way.
 */
public final class AsyncioCancelTask {
  private AsyncioCancelTask() {}

  @Coroutine
  static Co<String> taskFunc() {
    System.out.println("in task_func");
    return done("the result");
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    System.out.println("creating task");
    Task<String> task = loop.createTask(taskFunc());

    System.out.println("canceling task");
    task.cancel();

    System.out.println("canceled task " + Py.repr(task));
    try {
      yieldFrom(task);
    } catch (CancelledError cancelled) {
      System.out.println("caught error from canceled task");
      return done();
    }
    System.out.println("task result: " + Py.repr(task.result()));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      eventLoop.runUntilComplete(AsyncioCancelTaskCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
