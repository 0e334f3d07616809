package dev.yieldfrom.examples;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;

/**
 * asyncio_future_event_loop.py: the loop runs until a future is done, and hands back its result;
 * the future keeps the result after the loop is closed. A plain callback completes the future.
 */
public final class AsyncioFutureEventLoop {
  private AsyncioFutureEventLoop() {}

  static void markDone(Future<String> future, String result) {
    System.out.println("setting future result to " + Py.repr(result));
    future.setResult(result);
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    Future<String> allDone;
    try {
      allDone = eventLoop.createFuture();

      System.out.println("scheduling mark_done");
      eventLoop.callSoon(() -> markDone(allDone, "the result"));

      System.out.println("entering event loop");
      String result = eventLoop.runUntilComplete(allDone);
      System.out.println("returned result: " + Py.repr(result));
    } finally {
      System.out.println("closing event loop");
      eventLoop.close();
    }

    System.out.println("future result: " + Py.repr(allDone.result()));
  }
}
