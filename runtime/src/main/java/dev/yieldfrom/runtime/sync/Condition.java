package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Gen;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks (asyncio's Condition), over a {@link Lock} it shares. A waiter
 * must hold the lock; {@link #await()} releases it while waiting and takes it back before
 * returning, even when cancelled. Waiters are notified in the order they began waiting; a waiter
 * that fails after it was notified passes the notification on (a spurious wake-up, which the
 * protocol allows), so none is lost.
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

  public Condition() {
    this(new Lock());
  }

  public Condition(Lock lock) {
    if (lock == null) {
      throw new NullPointerException("lock");
    }
    this.lock = lock;
  }

  public Lock lock() {
    return lock;
  }

  public boolean isLocked() {
    return lock.isLocked();
  }

  public Co<Boolean> acquire() {
    return lock.acquire();
  }

  public void release() {
    lock.release();
  }

  /** A coroutine that runs {@code body} holding the lock, releasing it however the body ends. */
  public <T> Co<T> withLock(Gen<?, ?, T> body) {
    return lock.withLock(body);
  }

  /**
   * A coroutine that waits until notified: releases the lock, waits, re-acquires it, and finishes
   * with true. It may wake spuriously, so check the state again (or use {@link #awaitUntil}).
   *
   * @throws IllegalStateException (when awaited) if the lock is not held
   */
  public Co<Boolean> await() {
    return new Await();
  }

  /** A coroutine that waits until {@code predicate} holds, checking it after each wake-up. */
  public Co<Boolean> awaitUntil(BooleanSupplier predicate) {
    return new Co<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (thrown != null) {
          throw thrown;
        }
        if (predicate.getAsBoolean()) {
          return returnValue(true);
        }
        state = 1;
        return delegate(new Await());
      }
    };
  }

  /**
   * Wakes up to {@code n} waiters (asyncio's notify(n); not {@code notify}, which is Object's).
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void notifyWaiters(int n) {
    if (!lock.isLocked()) {
      throw new IllegalStateException("cannot notify on un-acquired lock");
    }
    wake(n);
  }

  /** Wakes one waiter. */
  public void notifyOne() {
    notifyWaiters(1);
  }

  /** Wakes every waiter. */
  public void notifyAllWaiters() {
    notifyWaiters(waiters.size());
  }

  private void wake(int n) {
    int woken = 0;
    for (Future<Boolean> waiter : waiters) {
      if (woken >= n) {
        break;
      }
      if (!waiter.isDone()) {
        woken++;
        waiter.setResult(false);
      }
    }
  }

  /** The steps of asyncio's Condition.wait, with its nested try/finally as explicit states. */
  private final class Await extends Co<Boolean> {
    private static final int WAITING = 1;
    private static final int REACQUIRING = 2;
    private Future<Boolean> waiter;
    /** The outcome of the wait itself, raised once the lock is held again. */
    private Throwable waitFailure;
    private Throwable lastCancellation;

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          if (!lock.isLocked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
          }
          waiter = newWaiter();
          lock.release();
          waiters.addLast(waiter);
          state = WAITING;
          return delegate(waiter);
        case WAITING:
          waiters.remove(waiter);
          waitFailure = thrown;
          return reacquire();
        case REACQUIRING:
          if (thrown instanceof CancelledError cancelled) {
            // The lock must be held again even when cancelled: retry, remember the cancellation.
            lastCancellation = cancelled;
            return reacquire();
          }
          if (thrown != null) {
            return fail(thrown);
          }
          state = 3;
          Throwable failure = lastCancellation != null ? lastCancellation : waitFailure;
          if (failure != null) {
            return fail(failure);
          }
          return returnValue(true);
        default:
          throw new IllegalStateException("Condition.await resumed after it finished");
      }
    }

    private Object reacquire() {
      state = REACQUIRING;
      return delegate(lock.acquire());
    }

    private Object fail(Throwable failure) throws Throwable {
      state = 3;
      // Whatever failed may have consumed a notification meant for this waiter: pass it on.
      wake(1);
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Condition<" + (isLocked() ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : " waiters:" + waiters.size()) + ">";
  }
}
