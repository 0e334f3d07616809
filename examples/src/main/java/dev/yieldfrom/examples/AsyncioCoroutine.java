package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;

/** asyncio_coroutine.py: creating a coroutine runs none of it; the event loop does. */
public final class AsyncioCoroutine {
  private AsyncioCoroutine() {}

  @Coroutine
  static Co<Void> coroutine() {
    System.out.println("in coroutine");
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      System.out.println("starting coroutine");
      Co<Void> coro = AsyncioCoroutineCoroutines.coroutine();
      System.out.println("entering event loop");
      eventLoop.runUntilComplete(coro);
    } finally {
      System.out.println("closing event loop");
      eventLoop.close();
    }
  }
}
