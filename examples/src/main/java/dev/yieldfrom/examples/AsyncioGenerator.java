package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import java.util.List;

/**
 * asyncio_generator.py: the same chain in the legacy style, {@code @asyncio.coroutine} generators
 * delegating with {@code yield from}. Here the coroutines are declared as plain generators
 * ({@code Gen<yielded, sent, returned>}); the event loop drives them all the same.
 */
public final class AsyncioGenerator {
  private AsyncioGenerator() {}

  @Coroutine
  static Gen<Object, Object, List<String>> outer() {
    System.out.println("in outer");
    System.out.println("waiting for result1");
    String result1 = yieldFrom(phase1());
    System.out.println("waiting for result2");
    String result2 = yieldFrom(phase2(result1));
    return done(List.of(result1, result2));
  }

  @Coroutine
  static Gen<Object, Object, String> phase1() {
    System.out.println("in phase1");
    return done("result1");
  }

  @Coroutine
  static Gen<Object, Object, String> phase2(String arg) {
    System.out.println("in phase2");
    return done("result2 derived from " + arg);
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      List<String> returnValue = eventLoop.runUntilComplete(AsyncioGeneratorCoroutines.outer());
      System.out.println("return value: " + Py.reprTuple(returnValue));
    } finally {
      eventLoop.close();
    }
  }
}
