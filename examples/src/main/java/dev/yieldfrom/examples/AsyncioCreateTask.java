package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;

/**
 * asyncio_create_task.py: a task runs its coroutine concurrently, starting on the loop's next
 * iteration; awaiting the task gives the coroutine's return value.
 *
 * <p>The task is printed as CPython prints it, less the default task name and the source
 * locations (see {@link Py#repr}); the expected output was normalised the same way.
 */
public final class AsyncioCreateTask {
  private AsyncioCreateTask() {}

  @Coroutine
  static Co<String> taskFunc() {
    System.out.println("in task_func");
    return done("the result");
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    System.out.println("creating task");
    Task<String> task = loop.createTask(taskFunc());
    System.out.println("waiting for " + Py.repr(task));
    String returnValue = yieldFrom(task);
    System.out.println("task completed " + Py.repr(task));
    System.out.println("return value: " + Py.repr(returnValue));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      eventLoop.runUntilComplete(AsyncioCreateTaskCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
