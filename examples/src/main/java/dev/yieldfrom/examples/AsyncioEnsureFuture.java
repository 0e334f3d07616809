package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;

/**
 * asyncio_ensure_future.py: a coroutine wrapped in a task can be handed to code that awaits it
 * without knowing what it runs; the coroutine starts only once its creator gives the loop a turn.
 * For a coroutine, Python's {@code ensure_future} is {@code create_task} on the running loop:
 * {@code Async.createTask} here.
 *
 * <p>The task is printed as CPython prints it, less the default task name and the source
 * location (see {@link Py#repr}); the expected output was normalised the same way.
 */
public final class AsyncioEnsureFuture {
  private AsyncioEnsureFuture() {}

  @Coroutine
  static Co<String> wrapped() {
    System.out.println("wrapped");
    return done("result");
  }

  @Coroutine
  static Co<Void> inner(Task<String> task) {
    System.out.println("inner: starting");
    System.out.println("inner: waiting for " + Py.repr(task));
    String result = yieldFrom(task);
    System.out.println("inner: task returned " + Py.repr(result));
    return done();
  }

  @Coroutine
  static Co<Void> starter() {
    System.out.println("starter: creating task");
    Task<String> task = createTask(wrapped());
    System.out.println("starter: waiting for inner");
    yieldFrom(inner(task));
    System.out.println("starter: inner returned");
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      System.out.println("entering event loop");
      eventLoop.runUntilComplete(AsyncioEnsureFutureCoroutines.starter());
    } finally {
      eventLoop.close();
    }
  }
}
