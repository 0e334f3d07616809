package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import java.util.ArrayDeque;

/**
 * A first-in, first-out queue for tasks (asyncio's Queue), optionally bounded: {@link #put}
 * waits while it is full, {@link #get} while it is empty, each in the order the waiters came.
 * {@link #join()} waits until every item put has been marked done with {@link #taskDone()}.
 *
 * <p>A waiter that is cancelled after it was woken passes the wake-up to the next waiter, so no
 * item and no free slot goes unnoticed. Subclasses change the order by overriding the storage
 * methods ({@link LifoQueue}, {@link PriorityQueue}).
 */
public class Queue<T> extends LoopBound {
  private final int maxSize;
  private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
  private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
  private int unfinishedTasks;
  private final Event finished = new Event();
  private final ArrayDeque<Object> items = new ArrayDeque<>();

  /** An unbounded queue. */
  public Queue() {
    this(0);
  }

  /** A queue holding at most {@code maxSize} items; 0 or less means unbounded. */
  public Queue(int maxSize) {
    this.maxSize = maxSize;
    finished.set();
  }

  public final int maxSize() {
    return maxSize;
  }

  public final boolean isEmpty() {
    return size() == 0;
  }

  public final boolean isFull() {
    return maxSize > 0 && size() >= maxSize;
  }

  /** A coroutine that puts {@code item}, waiting for a free slot if the queue is full. */
  public final Co<Void> put(T item) {
    return new Co<>() {
      private Future<Void> putter;

      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 1) {
          if (thrown != null) {
            giveUp(putter, putters, !isFull());
            throw thrown;
          }
        }
        if (isFull()) {
          putter = newWaiter();
          putters.addLast(putter);
          state = 1;
          return delegate(putter);
        }
        putNowait(item);
        return returnValue(null);
      }
    };
  }

  /**
   * Puts {@code item} without waiting.
   *
   * @throws QueueFull if the queue is full
   */
  public final void putNowait(T item) {
    if (isFull()) {
      throw new QueueFull();
    }
    store(item);
    unfinishedTasks++;
    finished.clear();
    wakeUpNext(getters);
  }

  /** A coroutine that takes the next item, waiting for one if the queue is empty. */
  public final Co<T> get() {
    return new Co<>() {
      private Future<Void> getter;

      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 1) {
          if (thrown != null) {
            giveUp(getter, getters, !isEmpty());
            throw thrown;
          }
        }
        if (isEmpty()) {
          getter = newWaiter();
          getters.addLast(getter);
          state = 1;
          return delegate(getter);
        }
        return returnValue(getNowait());
      }
    };
  }

  /**
   * Takes the next item without waiting.
   *
   * @throws QueueEmpty if the queue is empty
   */
  public final T getNowait() {
    if (isEmpty()) {
      throw new QueueEmpty();
    }
    T item = take();
    wakeUpNext(putters);
    return item;
  }

  /**
   * Marks one item taken earlier as processed, for {@link #join()}.
   *
   * @throws IllegalArgumentException if called more often than items were put (asyncio's
   *     ValueError)
   */
  public final void taskDone() {
    if (unfinishedTasks <= 0) {
      throw new IllegalArgumentException("taskDone() called too many times");
    }
    unfinishedTasks--;
    if (unfinishedTasks == 0) {
      finished.set();
    }
  }

  /**
   * A coroutine that waits until every item put so far has been marked done with
   * {@link #taskDone()}, and then finishes with no result (null), as asyncio's {@code join()}
   * returns None. It finishes at once if nothing is unfinished.
   */
  public final Co<Void> join() {
    Co<Boolean> allDone = finished.await();
    return new Co<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          state = 1;
          return delegate(allDone);
        }
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(null);
      }
    };
  }

  /** The number of items in the queue. */
  public int size() {
    return items.size();
  }

  /** Adds an item to the storage; the queue has checked there is room. */
  protected void store(T item) {
    items.addLast(mask(item));
  }

  /** Removes the next item from the storage; the queue has checked there is one. */
  protected T take() {
    return unmask(items.pollFirst());
  }

  /**
   * Null is a fine item, as None is for asyncio (often the "no more work" signal), but Java's
   * deques cannot hold it: it is stored as this marker.
   */
  private static final Object NULL = new Object();

  static Object mask(Object item) {
    return item == null ? NULL : item;
  }

  @SuppressWarnings("unchecked")
  static <T> T unmask(Object stored) {
    return stored == NULL ? null : (T) stored;
  }

  private static void wakeUpNext(ArrayDeque<Future<Void>> waiters) {
    while (!waiters.isEmpty()) {
      Future<Void> waiter = waiters.pollFirst();
      if (!waiter.isDone()) {
        waiter.setResult(null);
        return;
      }
    }
  }

  /** A waiter leaves after a failure; if it was woken for nothing, the next one is woken. */
  private static void giveUp(Future<Void> waiter, ArrayDeque<Future<Void>> waiters, boolean ready) {
    boolean wasWoken = waiter.isDone() && !waiter.isCancelled();
    waiter.cancel();
    waiters.remove(waiter);
    if (ready && wasWoken) {
      wakeUpNext(waiters);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "<maxsize="
        + maxSize
        + " size="
        + size()
        + (getters.isEmpty() ? "" : " getters:" + getters.size())
        + (putters.isEmpty() ? "" : " putters:" + putters.size())
        + (unfinishedTasks == 0 ? "" : " tasks=" + unfinishedTasks)
        + ">";
  }
}
