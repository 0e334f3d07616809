package dev.yieldfrom.runtime.sync;

import java.util.Comparator;

/**
 * A queue that hands out the smallest item first (asyncio's PriorityQueue), by natural order or
 * by a comparator. Items that compare equal come out in no particular order; add a sequence
 * number to the key for a stable order.
 */
public final class PriorityQueue<T> extends Queue<T> {
  private final java.util.PriorityQueue<T> heap;

  /** An unbounded queue of {@link Comparable} items. */
  public PriorityQueue() {
    this(0, null);
  }

  /**
   * @param maxSize at most this many items; 0 or less means unbounded
   * @param order the order of items, or null for their natural order
   */
  public PriorityQueue(int maxSize, Comparator<? super T> order) {
    super(maxSize);
    this.heap = new java.util.PriorityQueue<>(order);
  }

  @Override
  public int size() {
    return heap.size();
  }

  @Override
  protected void store(T item) {
    if (item == null) {
      throw new NullPointerException("a PriorityQueue cannot order null; put a value");
    }
    heap.add(item);
  }

  @Override
  protected T take() {
    return heap.poll();
  }
}
