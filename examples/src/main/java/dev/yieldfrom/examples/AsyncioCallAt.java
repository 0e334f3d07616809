package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;

/**
 * asyncio_call_at.py: {@code callAt} schedules a callback for a time on the loop's own monotonic
 * clock ({@link EventLoop#time()}), which has nothing to do with the wall clock.
 *
 * <p>Runs on virtual time, whose clock starts at 0 and stands still while callbacks run, so the
 * loop times printed are the elapsed times, exactly: 0.0, then 0.1 and 0.2 where CPython prints
 * readings of its monotonic clock a little after them. They are printed as Python prints floats
 * ({@link Py#reprFloat}). The wall clock is read through {@link Py#time()}, which the test pins;
 * the expected output came from the Python program run on an equivalent virtual-time loop with
 * {@code time.time()} pinned to the same instant.
 */
public final class AsyncioCallAt {
  private AsyncioCallAt() {}

  static void callback(int n, EventLoop loop) {
    System.out.println("callback " + n + " invoked at " + Py.str(loop.time()));
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    double now = loop.time();
    System.out.println("clock time: " + Py.str(Py.time()));
    System.out.println("loop  time: " + Py.str(now));

    System.out.println("registering callbacks");
    loop.callAt(now + 0.2, () -> callback(1, loop));
    loop.callAt(now + 0.1, () -> callback(2, loop));
    loop.callSoon(() -> callback(3, loop));

    yieldFrom(sleep(1));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      System.out.println("entering event loop");
      eventLoop.runUntilComplete(AsyncioCallAtCoroutines.main(eventLoop));
    } finally {
      System.out.println("closing event loop");
      eventLoop.close();
    }
  }
}
