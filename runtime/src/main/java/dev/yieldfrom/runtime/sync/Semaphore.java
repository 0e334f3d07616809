package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Gen;
import java.util.ArrayDeque;

/**
 * A counter of permits (asyncio's Semaphore): {@link #acquire()} takes one, waiting while there
 * are none; {@link #release()} gives one back. Waiters are served first come, first served, and a
 * newcomer does not overtake them even when a permit is free. A waiter cancelled after it was
 * handed a permit gives it back and wakes the next one.
 */
public class Semaphore extends LoopBound {
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
  private int value;

  public Semaphore() {
    this(1);
  }

  /** @throws IllegalArgumentException if {@code permits} is negative */
  public Semaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("Semaphore initial value must be >= 0");
    }
    this.value = permits;
  }

  /** The free permits. */
  public final int value() {
    return value;
  }

  /** Whether an acquire would wait: no permit free, or earlier waiters still queued. */
  public final boolean isLocked() {
    if (value == 0) {
      return true;
    }
    for (Future<Boolean> waiter : waiters) {
      if (!waiter.isCancelled()) {
        return true;
      }
    }
    return false;
  }

  /** A coroutine that takes a permit, waiting for one if needed; finishes with true. */
  public final Co<Boolean> acquire() {
    return new Acquire();
  }

  /** Gives a permit back and wakes the first waiter. */
  public void release() {
    value++;
    wakeUpNext();
  }

  /** A coroutine that runs {@code body} holding a permit, giving it back however the body ends. */
  public final <T> Co<T> withPermit(Gen<?, ?, T> body) {
    return new Holding<>(acquire(), body, this::release);
  }

  /** Hands a permit to the first waiter not yet woken; false if there is none. */
  private boolean wakeUpNext() {
    for (Future<Boolean> waiter : waiters) {
      if (!waiter.isDone()) {
        value--;
        waiter.setResult(true);
        return true;
      }
    }
    return false;
  }

  private final class Acquire extends Co<Boolean> {
    private Future<Boolean> waiter;

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 0) {
        if (!isLocked()) {
          value--;
          return returnValue(true);
        }
        waiter = newWaiter();
        waiters.addLast(waiter);
        state = 1;
        return delegate(waiter);
      }
      waiters.remove(waiter);
      try {
        if (thrown != null) {
          if (thrown instanceof CancelledError && waiter.isDone() && !waiter.isCancelled()) {
            // Woken with a permit, but not taking it: give it back.
            value++;
          }
          throw thrown;
        }
        return returnValue(true);
      } finally {
        // Waiters that arrived while permits were free had to queue (FIFO): wake as many as fit.
        while (value > 0 && wakeUpNext()) {
          // each pass hands out one permit
        }
      }
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "<"
        + (isLocked() ? "locked" : "unlocked, value:" + value)
        + (waiters.isEmpty() ? "" : " waiters:" + waiters.size())
        + ">";
  }
}
