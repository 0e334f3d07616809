package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import java.util.ArrayDeque;

/**
 * A flag tasks can wait for (asyncio's Event): {@link #set()} wakes every waiter, and waiting on
 * a set event returns at once. The waiting method is {@link #await()} because
 * {@link Object#wait()} is taken.
 */
public final class Event extends LoopBound {
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
  private boolean value;

  public boolean isSet() {
    return value;
  }

  /** Sets the flag and wakes all waiters, in the order they began waiting. */
  public void set() {
    if (!value) {
      value = true;
      for (Future<Boolean> waiter : waiters) {
        if (!waiter.isDone()) {
          waiter.setResult(true);
        }
      }
    }
  }

  /** Clears the flag: later waiters wait until the next {@link #set()}. */
  public void clear() {
    value = false;
  }

  /** A coroutine that finishes with true once the flag is set. */
  public Co<Boolean> await() {
    return new Co<>() {
      private Future<Boolean> waiter;

      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          if (value) {
            return returnValue(true);
          }
          waiter = newWaiter();
          waiters.addLast(waiter);
          state = 1;
          return delegate(waiter);
        }
        waiters.remove(waiter);
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(true);
      }
    };
  }

  @Override
  public String toString() {
    return "Event<" + (value ? "set" : "unset") + (waiters.isEmpty() ? "" : " waiters:" + waiters.size()) + ">";
  }
}
