package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Gen;
import java.util.ArrayDeque;

/**
 * A mutual exclusion lock for tasks (asyncio's Lock). Not owned by a task: any task may release
 * it. Waiters acquire it in the order they asked (FIFO); a waiter cancelled after it was woken
 * passes the wake-up on, so no release is lost.
 *
 * <p>Like every primitive of this package, it belongs to one event loop's thread.
 */
public final class Lock extends LoopBound {
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
  private boolean locked;

  public boolean isLocked() {
    return locked;
  }

  /** A coroutine that acquires the lock, waiting for it if needed; finishes with true. */
  public Co<Boolean> acquire() {
    return new Acquire();
  }

  /**
   * Releases the lock and wakes the first waiter.
   *
   * @throws IllegalStateException if the lock is not locked
   */
  public void release() {
    if (!locked) {
      throw new IllegalStateException("Lock is not acquired.");
    }
    locked = false;
    wakeUpFirst();
  }

  /** A coroutine that runs {@code body} holding the lock, releasing it however the body ends. */
  public <T> Co<T> withLock(Gen<?, ?, T> body) {
    return new Holding<>(acquire(), body, this::release);
  }

  private void wakeUpFirst() {
    Future<Boolean> first = waiters.peekFirst();
    // A done waiter is already woken and about to take the lock.
    if (first != null && !first.isDone()) {
      first.setResult(true);
    }
  }

  private boolean allWaitersCancelled() {
    for (Future<Boolean> waiter : waiters) {
      if (!waiter.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  private final class Acquire extends Co<Boolean> {
    private Future<Boolean> waiter;

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 0) {
        // Fair: wait behind earlier waiters even when unlocked, unless they all gave up.
        if (!locked && allWaitersCancelled()) {
          locked = true;
          return returnValue(true);
        }
        waiter = newWaiter();
        waiters.addLast(waiter);
        state = 1;
        return delegate(waiter);
      }
      waiters.remove(waiter);
      if (thrown != null) {
        if (thrown instanceof CancelledError && !locked) {
          wakeUpFirst();
        }
        throw thrown;
      }
      locked = true;
      return returnValue(true);
    }
  }

  @Override
  public String toString() {
    return "Lock<" + (locked ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : " waiters:" + waiters.size()) + ">";
  }
}
