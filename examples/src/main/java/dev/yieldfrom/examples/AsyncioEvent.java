package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.sync.Event;
import java.util.List;

/**
 * asyncio_event.py: every coroutine waiting for an event goes on once it is set; unlike a lock,
 * none of them has to hold it. Python's {@code event.wait()} is {@code event.await()}.
 *
 * <p>The Python program passes coroutines to {@code asyncio.wait}, which Python 3.11 forbids and
 * older versions started in the iteration order of a set; here they run as tasks created in
 * order. It runs on virtual time. The expected output came from the Python program with the
 * same change, on virtual time.
 */
public final class AsyncioEvent {
  private AsyncioEvent() {}

  static void setEvent(Event event) {
    System.out.println("setting event in callback");
    event.set();
  }

  @Coroutine
  static Co<Void> coro1(Event event) {
    System.out.println("coro1 waiting for event");
    yieldFrom(event.await());
    System.out.println("coro1 triggered");
    return done();
  }

  @Coroutine
  static Co<Void> coro2(Event event) {
    System.out.println("coro2 waiting for event");
    yieldFrom(event.await());
    System.out.println("coro2 triggered");
    return done();
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    // Create a shared event
    Event event = new Event();
    System.out.println("event start state: " + Py.str(event.isSet()));

    loop.callLater(0.1, () -> setEvent(event));

    yieldFrom(waitUntil(List.of(createTask(coro1(event)), createTask(coro2(event)))));
    System.out.println("event end state: " + Py.str(event.isSet()));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioEventCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
