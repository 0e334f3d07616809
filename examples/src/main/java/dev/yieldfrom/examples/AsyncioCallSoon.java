package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.util.function.IntConsumer;

/**
 * asyncio_call_soon.py: callbacks scheduled with {@code callSoon} run on the loop's next
 * iteration, in the order they were scheduled. Python hands the callback its arguments, and its
 * keyword arguments through {@code functools.partial}; here lambdas close over them.
 *
 * <p>Runs on virtual time, so the final 0.1 second sleep takes no real time.
 */
public final class AsyncioCallSoon {
  private AsyncioCallSoon() {}

  static void callback(int arg) {
    callback(arg, "default");
  }

  static void callback(int arg, String kwarg) {
    System.out.println("callback invoked with " + arg + " and " + kwarg);
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    System.out.println("registering callbacks");
    loop.callSoon(() -> callback(1));
    IntConsumer wrapped = arg -> callback(arg, "not default");
    loop.callSoon(() -> wrapped.accept(2));

    yieldFrom(sleep(0.1));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      System.out.println("entering event loop");
      eventLoop.runUntilComplete(AsyncioCallSoonCoroutines.main(eventLoop));
    } finally {
      System.out.println("closing event loop");
      eventLoop.close();
    }
  }
}
