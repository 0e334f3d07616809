package dev.yieldfrom.runtime.sync;

import java.util.ArrayDeque;

/** A queue that hands out the most recently put item first (asyncio's LifoQueue). */
public final class LifoQueue<T> extends Queue<T> {
  private final ArrayDeque<Object> stack = new ArrayDeque<>();

  public LifoQueue() {
    this(0);
  }

  public LifoQueue(int maxSize) {
    super(maxSize);
  }

  @Override
  public int size() {
    return stack.size();
  }

  @Override
  protected void store(T item) {
    stack.push(mask(item));
  }

  @Override
  protected T take() {
    return unmask(stack.pop());
  }
}
