package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;

/**
 * asyncio_call_later.py: {@code callLater} runs a callback after a delay; timers fire in order of
 * their due time, and a callback scheduled "soon" runs before any of them.
 *
 * <p>Runs on virtual time: the delays order the callbacks exactly as on a real clock, in no time.
 */
public final class AsyncioCallLater {
  private AsyncioCallLater() {}

  static void callback(int n) {
    System.out.println("callback " + n + " invoked");
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    System.out.println("registering callbacks");
    loop.callLater(0.2, () -> callback(1));
    loop.callLater(0.1, () -> callback(2));
    loop.callSoon(() -> callback(3));

    yieldFrom(sleep(0.4));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      System.out.println("entering event loop");
      eventLoop.runUntilComplete(AsyncioCallLaterCoroutines.main(eventLoop));
    } finally {
      System.out.println("closing event loop");
      eventLoop.close();
    }
  }
}
