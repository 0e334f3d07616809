package dev.yieldfrom.runtime;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by due time, ties by scheduling sequence, kept in
 * parallel arrays so that an entry costs 20 bytes and no object of its own. An item is a
 * {@link TimerHandle}, or a {@link Task} sleeping on the heap itself (a lean sleep, see
 * {@link Sleep}). Cancelled items stay until they reach the head, unless most of the heap is
 * cancelled (asyncio's rule).
 */
final class TimerHeap {
  private static final int INITIAL = 16;
  /** Below this many cancelled timers, they are dropped as they reach the heap's head. */
  private static final int MIN_CANCELLED_TIMERS_TO_PURGE = 100;

  private double[] when = new double[INITIAL];
  private long[] seq = new long[INITIAL];
  private LoopCallback[] items = new LoopCallback[INITIAL];
  private int size;
  /** Timer handles cancelled while on the heap. */
  private int cancelled;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }


  /** When the earliest item is due; only when not empty. */
  double peekWhen() {
    return when[0];
  }

  void add(double due, long sequence, LoopCallback item) {
    if (size == items.length) {
      int capacity = size + (size >> 1);
      when = Arrays.copyOf(when, capacity);
      seq = Arrays.copyOf(seq, capacity);
      items = Arrays.copyOf(items, capacity);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(due, sequence, when[parent], seq[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, due, sequence, item);
  }

  /**
   * Moves the items due at {@code now} to the end of {@code ready}, in heap order, and drops the
   * stale ones that reach the head on the way.
   */
  void moveDue(double now, ArrayDeque<LoopCallback> ready) {
    while (size > 0) {
      LoopCallback head = items[0];
      boolean stale = head.isStaleTimer();
      if (!stale && when[0] > now) {
        return;
      }
      poll();
      if (stale) {
        head.timerDropped(this);
      } else {
        head.timerFired();
        ready.addLast(head);
      }
    }
  }

  /**
   * Drops the stale items at the head, so that {@link #peekWhen()} (what the loop waits for, or
   * a virtual clock jumps to) is the first timer that will fire.
   */
  void dropStaleHeads() {
    while (size > 0 && items[0].isStaleTimer()) {
      LoopCallback head = items[0];
      poll();
      head.timerDropped(this);
    }
  }

  /** A timer handle on the heap was cancelled. */
  void timerCancelled() {
    cancelled++;
  }

  /** A cancelled timer handle left the heap. */
  void cancelledTimerDropped() {
    cancelled--;
  }

  /** Drops every stale item at once when cancelled timers are most of the heap. */
  void purgeIfMostlyCancelled() {
    if (cancelled > MIN_CANCELLED_TIMERS_TO_PURGE && cancelled * 2 > size) {
      removeStale();
      cancelled = 0;
    }
  }

  /** Removes and returns the earliest item; only when not empty. */
  private LoopCallback poll() {
    LoopCallback first = items[0];
    int last = --size;
    double due = when[last];
    long sequence = seq[last];
    LoopCallback item = items[last];
    items[last] = null;
    if (last > 0) {
      siftDown(0, due, sequence, item);
    }
    return first;
  }

  void clear() {
    Arrays.fill(items, 0, size, null);
    size = 0;
    cancelled = 0;
  }

  /** Removes the stale items, in one pass and one re-heapify. */
  private void removeStale() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      LoopCallback item = items[i];
      if (item.isStaleTimer()) {
        item.timerDropped(this);
      } else {
        set(kept++, when[i], seq[i], item);
      }
    }
    Arrays.fill(items, kept, size, null);
    size = kept;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, when[i], seq[i], items[i]);
    }
  }

  private void siftDown(int i, double due, long sequence, LoopCallback item) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(when[right], seq[right], when[child], seq[child])) {
        child = right;
      }
      if (!before(when[child], seq[child], due, sequence)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, due, sequence, item);
  }

  private static boolean before(double w1, long s1, double w2, long s2) {
    int byTime = Double.compare(w1, w2);
    return byTime < 0 || (byTime == 0 && s1 < s2);
  }

  private void move(int from, int to) {
    when[to] = when[from];
    seq[to] = seq[from];
    items[to] = items[from];
  }

  private void set(int i, double due, long sequence, LoopCallback item) {
    when[i] = due;
    seq[i] = sequence;
    items[i] = item;
  }
}
