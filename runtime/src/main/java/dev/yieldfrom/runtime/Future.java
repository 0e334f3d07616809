package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The eventual result of an operation, bound to one {@link EventLoop} (asyncio's Future).
 *
 * <p>A coroutine waits for one with {@code yieldFrom(future)}. Done callbacks never run inline:
 * each is scheduled on the loop when the future completes, in the order they were added.
 */
public class Future<T> {
  private static final byte PENDING = 0;
  private static final byte FINISHED = 1;
  private static final byte CANCELLED = 2;

  private final EventLoop loop;
  private byte state = PENDING;
  private T result;
  private Throwable exception;
  private String cancelMessage;
  /** Null, one Consumer, or a List of them: most futures have at most one waiter. */
  private Object callbacks;

  public Future(EventLoop loop) {
    if (loop == null) {
      throw new NullPointerException("loop");
    }
    this.loop = loop;
  }

  public final EventLoop loop() {
    return loop;
  }

  public final boolean isDone() {
    return state != PENDING;
  }

  public final boolean isCancelled() {
    return state == CANCELLED;
  }

  /**
   * The result; rethrows the future's exception as-is, or a {@link CancelledError}.
   *
   * @throws InvalidStateException if the future is not done
   */
  public final T result() {
    switch (state) {
      case FINISHED:
        if (exception != null) {
          throw Gen.sneaky(exception);
        }
        return result;
      case CANCELLED:
        throw new CancelledError(cancelMessage);
      default:
        throw new InvalidStateException("result is not set yet");
    }
  }

  /**
   * The exception the future failed with, or null if it succeeded.
   *
   * @throws CancelledError if it was cancelled
   * @throws InvalidStateException if it is not done
   */
  public final Throwable exception() {
    switch (state) {
      case FINISHED:
        return exception;
      case CANCELLED:
        throw new CancelledError(cancelMessage);
      default:
        throw new InvalidStateException("exception is not set yet");
    }
  }

  public void setResult(T value) {
    ensurePending();
    result = value;
    state = FINISHED;
    scheduleCallbacks();
  }

  public void setException(Throwable failure) {
    if (failure == null) {
      throw new NullPointerException("failure");
    }
    ensurePending();
    exception = failure;
    state = FINISHED;
    scheduleCallbacks();
  }

  /** Cancels the future if it is pending; returns false if it was already done. */
  public boolean cancel() {
    return cancel(null);
  }

  public boolean cancel(String message) {
    if (state != PENDING) {
      return false;
    }
    state = CANCELLED;
    cancelMessage = message;
    scheduleCallbacks();
    return true;
  }

  /** Schedules {@code callback} on the loop once the future is done (at once if it is done). */
  @SuppressWarnings("unchecked")
  public final void addDoneCallback(Consumer<? super Future<T>> callback) {
    if (state != PENDING) {
      loop.callSoon(() -> callback.accept(this));
    } else if (callbacks == null) {
      callbacks = callback;
    } else if (callbacks instanceof List<?> list) {
      ((List<Object>) list).add(callback);
    } else {
      List<Object> list = new ArrayList<>(2);
      list.add(callbacks);
      list.add(callback);
      callbacks = list;
    }
  }

  /** Removes every registration of {@code callback}; returns how many were removed. */
  public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
    if (callbacks == callback) {
      callbacks = null;
      return 1;
    }
    if (callbacks instanceof List<?> list) {
      int before = list.size();
      list.removeIf(c -> c == callback);
      return before - list.size();
    }
    return 0;
  }

  private void ensurePending() {
    if (state != PENDING) {
      throw new InvalidStateException("future is already done: " + this);
    }
  }

  @SuppressWarnings("unchecked")
  private void scheduleCallbacks() {
    Object pending = callbacks;
    callbacks = null;
    if (pending instanceof List<?> list) {
      for (Object c : list) {
        Consumer<? super Future<T>> callback = (Consumer<? super Future<T>>) c;
        loop.callSoon(() -> callback.accept(this));
      }
    } else if (pending != null) {
      Consumer<? super Future<T>> callback = (Consumer<? super Future<T>>) pending;
      loop.callSoon(() -> callback.accept(this));
    }
  }

  // The outcome as the driver hands it to a frame awaiting this future.

  final Throwable failureForAwait() {
    switch (state) {
      case FINISHED:
        return exception;
      case CANCELLED:
        return new CancelledError(cancelMessage);
      default:
        return new InvalidStateException(
            "a coroutine awaiting a future was resumed before the future was done");
    }
  }

  final T resultNow() {
    return result;
  }

  @Override
  public String toString() {
    String s =
        switch (state) {
          case PENDING -> "pending";
          case CANCELLED -> "cancelled";
          default -> exception != null ? "exception=" + exception : "result=" + result;
        };
    return getClass().getSimpleName() + "<" + s + ">";
  }
}
