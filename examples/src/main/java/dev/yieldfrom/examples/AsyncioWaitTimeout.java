package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ReturnWhen;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.Waited;
import java.util.ArrayList;
import java.util.List;

/**
 * asyncio_wait_timeout.py: with a timeout, {@code wait} returns the operations still pending, and
 * cancelling them raises {@link CancelledError} where each one waits. Python's
 * {@code try/except/else} becomes a catch block that rethrows, followed by the {@code else} part.
 *
 * <p>Differences from the Python program, all for determinism or for Python 3.11: the phases run
 * as tasks created in order (Python 3.11 forbids passing coroutines to {@code wait}; older
 * versions started them in the iteration order of a set), the pending tasks are cancelled in the
 * order they were created (CPython iterates a set), and it runs on virtual time. On virtual time
 * phase 1's sleep ends at the very moment the 0.1 second timeout does; the timeout was scheduled
 * first, so it fires first, and phase 1 is still pending, as on a real clock where its sleep ends
 * a little later. The expected output came from the Python program with the same changes, on
 * virtual time.
 */
public final class AsyncioWaitTimeout {
  private AsyncioWaitTimeout() {}

  @Coroutine
  static Co<String> phase(int i) {
    System.out.println("in phase " + i);
    try {
      yieldFrom(sleep(0.1 * i));
    } catch (CancelledError cancelled) {
      System.out.println("phase " + i + " canceled");
      throw cancelled;
    }
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
    System.out.println("waiting 0.1 for phases to complete");
    Waited<Task<String>> waited = yieldFrom(waitUntil(phases, ReturnWhen.ALL_COMPLETED, 0.1));
    System.out.println(waited.done().size() + " completed and " + waited.pending().size() + " pending");
    // Cancel remaining tasks so they do not generate errors
    // as we exit without finishing them.
    if (!waited.pending().isEmpty()) {
      System.out.println("canceling tasks");
      for (Task<String> t : waited.pending()) {
        t.cancel();
      }
    }
    System.out.println("exiting main");
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioWaitTimeoutCoroutines.main(3));
    } finally {
      eventLoop.close();
    }
  }
}
