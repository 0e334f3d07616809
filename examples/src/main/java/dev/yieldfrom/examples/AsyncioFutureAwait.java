package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;

/**
 * asyncio_future_await.py: a coroutine awaits a future with {@code yieldFrom}, just as it awaits
 * another coroutine, and gets the future's result.
 */
public final class AsyncioFutureAwait {
  private AsyncioFutureAwait() {}

  static void markDone(Future<String> future, String result) {
    System.out.println("setting future result to " + Py.repr(result));
    future.setResult(result);
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    Future<String> allDone = loop.createFuture();

    System.out.println("scheduling mark_done");
    loop.callSoon(() -> markDone(allDone, "the result"));

    String result = yieldFrom(allDone);
    System.out.println("returned result: " + Py.repr(result));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      eventLoop.runUntilComplete(AsyncioFutureAwaitCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
