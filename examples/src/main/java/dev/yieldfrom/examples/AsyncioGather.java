package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.util.List;

/**
 * asyncio_gather.py: {@code gather} runs coroutines concurrently and returns their results in
 * the order of its arguments, whatever order they finish in.
 *
 * <p>Runs on virtual time: the two- and one-second sleeps take no real time.
 */
public final class AsyncioGather {
  private AsyncioGather() {}

  @Coroutine
  static Co<String> phase1() {
    System.out.println("in phase1");
    yieldFrom(sleep(2));
    System.out.println("done with phase1");
    return done("phase1 result");
  }

  @Coroutine
  static Co<String> phase2() {
    System.out.println("in phase2");
    yieldFrom(sleep(1));
    System.out.println("done with phase2");
    return done("phase2 result");
  }

  @Coroutine
  static Co<Void> main() {
    System.out.println("starting main");
    System.out.println("waiting for phases to complete");
    List<String> results = yieldFrom(gather(phase1(), phase2()));
    System.out.println("results: " + Py.repr(results));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioGatherCoroutines.main());
    } finally {
      eventLoop.close();
    }
  }
}
