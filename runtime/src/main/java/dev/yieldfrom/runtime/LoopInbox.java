package dev.yieldfrom.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What other threads hand to a loop, and the loop's wait for it or for its channels.
 *
 * <p>Until a channel is registered, the loop waits on a condition that {@link #offer} signals.
 * The first {@link EventLoop#register} opens a {@link Selector} (so loops without sockets open
 * none); from then on the loop waits in {@code select}, and {@link #offer} wakes it with
 * {@link Selector#wakeup()}. No wake-up is lost: the selector is published under the lock that
 * {@link #offer} holds, so an offer either sees no selector and is found by the loop's check of
 * the queue before it selects, or calls {@code wakeup()}, which makes a select in progress, or the
 * next one, return at once.
 */
final class LoopInbox {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Handle> incoming = new ArrayDeque<>();
  /** A lock-free peek for the loop: most iterations find nothing handed in. */
  private volatile boolean hasIncoming;
  /** Guarded by {@link #lock}. */
  private boolean closed;
  /** Written under {@link #lock} on the loop's thread; read there freely, elsewhere under it. */
  private Selector selector;
  private final SelectedKeys selected;
  /** The loop's thread was interrupted while waiting: restored when the loop stops. */
  private boolean interrupted;

  LoopInbox(EventLoop loop) {
    selected = new SelectedKeys(loop);
  }

  /** Hands {@code handle} to the loop from any thread and wakes it; false if the loop is closed. */
  boolean offer(Handle handle) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      incoming.addLast(handle);
      hasIncoming = true;
      if (selector == null) {
        arrived.signal();
      } else {
        selector.wakeup();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Moves what other threads handed in to the end of {@code ready}. Loop thread only. */
  void drainTo(ArrayDeque<LoopCallback> ready) {
    if (!hasIncoming) {
      return;
    }
    lock.lock();
    try {
      drainLocked(ready);
    } finally {
      lock.unlock();
    }
  }

  private void drainLocked(ArrayDeque<LoopCallback> ready) {
    ready.addAll(incoming);
    incoming.clear();
    hasIncoming = false;
  }

  /** The loop's selector, opened on first use. Loop thread only. */
  Selector selector() {
    Selector open = selector;
    if (open != null) {
      return open;
    }
    try {
      open = Selector.open();
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot open a selector for the event loop", failure);
    }
    lock.lock();
    try {
      selector = open;
    } finally {
      lock.unlock();
    }
    return open;
  }

  /**
   * Waits up to {@code nanos} ({@link Long#MAX_VALUE}: without limit; 0: not at all) for a
   * hand-off from another thread or, once a selector is open, for a ready channel; then appends
   * what was handed in, and the selected keys as one entry, to {@code ready}. With a selector this
   * polls the channels even when {@code nanos} is 0. Loop thread only.
   */
  void await(long nanos, ArrayDeque<LoopCallback> ready) {
    if (selector != null) {
      select(nanos);
      drainTo(ready);
      if (!selected.isEmpty()) {
        ready.addLast(selected);
      }
    } else if (nanos > 0) {
      awaitOffer(nanos, ready);
    }
  }

  private void select(long nanos) {
    try {
      if (nanos <= 0 || hasIncoming) {
        selector.selectNow(selected);
      } else if (nanos == Long.MAX_VALUE) {
        selector.select(selected);
      } else {
        // Rounded up: a timer must not be found not yet due when the wait ends.
        selector.select(selected, Math.max(1, (nanos + 999_999) / 1_000_000));
      }
    } catch (IOException failure) {
      throw new UncheckedIOException("the event loop's select failed", failure);
    }
    if (Thread.interrupted()) {
      // An interrupt makes every select return at once: clear it, keep it for when the loop stops.
      interrupted = true;
    }
  }

  private void awaitOffer(long nanos, ArrayDeque<LoopCallback> ready) {
    lock.lock();
    try {
      while (incoming.isEmpty() && nanos > 0) {
        try {
          nanos = arrived.awaitNanos(nanos);
        } catch (InterruptedException e) {
          // The loop keeps its single thread; the interrupt is restored when it stops.
          interrupted = true;
        }
      }
      drainLocked(ready);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the loop's thread was interrupted while waiting since the last call; clears it. */
  boolean takeInterrupt() {
    boolean was = interrupted;
    interrupted = false;
    return was;
  }

  /**
   * Refuses further hand-offs, drops those not taken, and closes the selector, which cancels its
   * keys; the channels stay open, they are their owners' to close.
   *
   * @throws IOException if closing the selector failed (the inbox is closed regardless)
   */
  void close() throws IOException {
    Selector open;
    lock.lock();
    try {
      closed = true;
      incoming.clear();
      hasIncoming = false;
      open = selector;
      selector = null;
    } finally {
      lock.unlock();
    }
    if (open != null) {
      open.close();
    }
  }
}
