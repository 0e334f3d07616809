package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;

/**
 * asyncio_cancel_task2.py: cancelling a task that is waiting raises {@link CancelledError} where
 * it waits, so it can clean up; the task that awaits it sees the cancellation too.
 *
 * <p>Runs on virtual time; the cancelled one-second sleep takes no time either way.
 */
public final class AsyncioCancelTask2 {
  private AsyncioCancelTask2() {}

  @Coroutine
  static Co<String> taskFunc() {
    System.out.println("in task_func, sleeping");
    try {
      yieldFrom(sleep(1));
    } catch (CancelledError cancelled) {
      System.out.println("task_func was canceled");
      throw cancelled;
    }
    return done("the result");
  }

  static void taskCanceller(Task<?> t) {
    System.out.println("in task_canceller");
    t.cancel();
    System.out.println("canceled the task");
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    System.out.println("creating task");
    Task<String> task = loop.createTask(taskFunc());
    loop.callSoon(() -> taskCanceller(task));
    try {
      yieldFrom(task);
    } catch (CancelledError cancelled) {
      System.out.println("main() also sees task as canceled");
    }
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioCancelTask2Coroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
