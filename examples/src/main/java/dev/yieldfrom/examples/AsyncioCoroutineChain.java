package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.util.List;

/** asyncio_coroutine_chain.py: a coroutine awaits two others in turn, passing a result along. */
public final class AsyncioCoroutineChain {
  private AsyncioCoroutineChain() {}

  @Coroutine
  static Co<List<String>> outer() {
    System.out.println("in outer");
    System.out.println("waiting for result1");
    String result1 = yieldFrom(phase1());
    System.out.println("waiting for result2");
    String result2 = yieldFrom(phase2(result1));
    return done(List.of(result1, result2));
  }

  @Coroutine
  static Co<String> phase1() {
    System.out.println("in phase1");
    return done("result1");
  }

  @Coroutine
  static Co<String> phase2(String arg) {
    System.out.println("in phase2");
    return done("result2 derived from " + arg);
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      List<String> returnValue = eventLoop.runUntilComplete(AsyncioCoroutineChainCoroutines.outer());
      System.out.println("return value: " + Py.reprTuple(returnValue));
    } finally {
      eventLoop.close();
    }
  }
}
