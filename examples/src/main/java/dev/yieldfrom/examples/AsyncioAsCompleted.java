package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.asCompleted;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * asyncio_as_completed.py: {@code asCompleted} gives one awaitable per operation; awaiting them in
 * turn yields the results in the order the operations finish, here the reverse of their start.
 *
 * <p>The phases start in the order given: the runtime wraps them in tasks in argument order.
 * CPython 3.11 wraps them in the iteration order of a set, so it starts them in an unpredictable
 * order; the expected output came from the Python program given tasks created in order, on
 * virtual time. This port runs on virtual time too.
 */
public final class AsyncioAsCompleted {
  private AsyncioAsCompleted() {}

  @Coroutine
  static Co<String> phase(int i) {
    System.out.println("in phase " + i);
    yieldFrom(sleep(0.5 - (0.1 * i)));
    System.out.println("done with phase " + i);
    return done("phase " + i + " result");
  }

  @Coroutine
  static Co<List<String>> main(int numPhases) {
    System.out.println("starting main");
    List<Co<String>> phases = new ArrayList<>();
    for (int i = 0; i < numPhases; i++) {
      phases.add(phase(i));
    }
    System.out.println("waiting for phases to complete");
    List<String> results = new ArrayList<>();
    for (Co<Object> nextToComplete : asCompleted(phases)) {
      String answer = (String) yieldFrom(nextToComplete);
      System.out.println("received answer " + Py.repr(answer));
      results.add(answer);
    }
    System.out.println("results: " + Py.repr(results));
    return done(results);
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioAsCompletedCoroutines.main(3));
    } finally {
      eventLoop.close();
    }
  }
}
