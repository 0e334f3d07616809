package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;

/**
 * asyncio_future_callback.py: done callbacks run, in the order they were added, once the future
 * has a result. A callback gets the future; Python binds the other argument with
 * {@code functools.partial}, here a lambda does.
 */
public final class AsyncioFutureCallback {
  private AsyncioFutureCallback() {}

  static void callback(Future<String> future, int n) {
    System.out.println(n + ": future done: " + Py.str(future.result()));
  }

  @Coroutine
  static Co<Void> registerCallbacks(Future<String> allDone) {
    System.out.println("registering callbacks on future");
    allDone.addDoneCallback(future -> callback(future, 1));
    allDone.addDoneCallback(future -> callback(future, 2));
    return done();
  }

  @Coroutine
  static Co<Void> main(Future<String> allDone) {
    yieldFrom(registerCallbacks(allDone));
    System.out.println("setting result of future");
    allDone.setResult("the result");
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      Future<String> allDone = eventLoop.createFuture();
      eventLoop.runUntilComplete(AsyncioFutureCallbackCoroutines.main(allDone));
    } finally {
      eventLoop.close();
    }
  }
}
