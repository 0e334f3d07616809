package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-time event many coroutines may await, each through a future of its own, so that
 * cancelling one waiter leaves the others waiting (awaiting one shared future would cancel it for
 * all). Completes with nothing or with a failure, which every waiter then raises.
 */
final class Completion {
  private boolean done;
  private Throwable failure;
  private List<Future<Void>> waiters;

  boolean isDone() {
    return done;
  }

  /** Completes it and wakes the waiters; later calls do nothing. */
  void complete(Throwable failure) {
    if (done) {
      return;
    }
    done = true;
    this.failure = failure;
    if (waiters == null) {
      return;
    }
    for (Future<Void> waiter : waiters) {
      if (waiter.isDone()) {
        continue;
      }
      if (failure == null) {
        waiter.setResult(null);
      } else {
        waiter.setException(failure);
      }
    }
    waiters = null;
  }

  /** A coroutine that finishes (or raises the failure) once this is complete. */
  Co<Void> await() {
    return new Co<>() {
      private Future<Void> waiter;

      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          state = 1;
          if (done) {
            return finish();
          }
          waiter = EventLoop.getRunningLoop().createFuture();
          if (waiters == null) {
            waiters = new ArrayList<>(1);
          }
          waiters.add(waiter);
          return delegate(waiter);
        }
        if (waiters != null) {
          waiters.remove(waiter);
        }
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(null);
      }

      private Object finish() throws Throwable {
        if (failure != null) {
          throw failure;
        }
        return returnValue(null);
      }
    };
  }
}
