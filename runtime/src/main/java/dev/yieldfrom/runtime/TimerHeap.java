package dev.yieldfrom.runtime;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The loop's timers: a binary min-heap ordered by due time, ties by scheduling sequence, kept in
 * parallel arrays so that an entry costs 20 bytes and no object of its own. An item is a
 * {@link TimerHandle}, or a {@link Task} sleeping on the heap itself (a lean sleep, see
 * {@link Sleep}).
 */
final class TimerHeap {
  private static final int INITIAL = 16;

  private double[] when = new double[INITIAL];
  private long[] seq = new long[INITIAL];
  private Object[] items = new Object[INITIAL];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest item, or null. */
  Object peek() {
    return size == 0 ? null : items[0];
  }

  /** When the earliest item is due; only when not empty. */
  double peekWhen() {
    return when[0];
  }

  void add(double due, long sequence, Object item) {
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

  /** Removes and returns the earliest item; only when not empty. */
  Object poll() {
    Object first = items[0];
    int last = --size;
    double due = when[last];
    long sequence = seq[last];
    Object item = items[last];
    items[last] = null;
    if (last > 0) {
      siftDown(0, due, sequence, item);
    }
    return first;
  }

  void clear() {
    Arrays.fill(items, 0, size, null);
    size = 0;
  }

  /** Removes the items {@code drop} accepts, in one pass and one re-heapify. */
  void removeIf(Predicate<Object> drop) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!drop.test(items[i])) {
        set(kept++, when[i], seq[i], items[i]);
      }
    }
    Arrays.fill(items, kept, size, null);
    size = kept;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, when[i], seq[i], items[i]);
    }
  }

  private void siftDown(int i, double due, long sequence, Object item) {
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

  private void set(int i, double due, long sequence, Object item) {
    when[i] = due;
    seq[i] = sequence;
    items[i] = item;
  }
}
