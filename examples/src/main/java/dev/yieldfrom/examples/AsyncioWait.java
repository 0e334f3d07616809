package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.Waited;
import java.util.ArrayList;
import java.util.List;

/**
 * asyncio_wait.py: {@code wait} (here {@code waitUntil}) pauses one coroutine until several
 * background operations are done, and returns the done and the pending ones.
 *
 * <p>Differences from the Python program, all for determinism or for Python 3.11:
 *
 * <ul>
 *   <li>The phases run as tasks created in order. The program passes coroutines to
 *       {@code asyncio.wait}, which Python 3.11 forbids; older versions wrapped them in tasks in
 *       the iteration order of a set, so the phases started in an unpredictable order.
 *   <li>The results are sorted: {@code wait} returns a set, which CPython iterates in an
 *       unpredictable order.
 *   <li>It runs on virtual time.
 * </ul>
 *
 * The expected output came from the Python program with the same changes, on virtual time.
 */
public final class AsyncioWait {
  private AsyncioWait() {}

  @Coroutine
  static Co<String> phase(int i) {
    System.out.println("in phase " + i);
    yieldFrom(sleep(0.1 * i));
    System.out.println("done with phase " + i);
    return done("phase " + i + " result");
  }

  @Coroutine
  static Co<Void> main(int numPhases) {
    System.out.println("starting main");
    List<Task<String>> phases = new ArrayList<>();
    for (int i = 0; i < numPhases; i++) {
      phases.add(createTask(phase(i)));
    }
    System.out.println("waiting for phases to complete");
    Waited<Task<String>> waited = yieldFrom(waitUntil(phases));
    List<String> results = waited.done().stream().map(Task::result).sorted().toList();
    System.out.println("results: " + Py.repr(results));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioWaitCoroutines.main(3));
    } finally {
      eventLoop.close();
    }
  }
}
