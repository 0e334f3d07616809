package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The eventual result of an operation, bound to one {@link EventLoop} (asyncio's Future).
 *
 * <p>A coroutine waits for one with {@code yieldFrom(future)}. Done callbacks never run inline:
 * each is scheduled on the loop when the future completes, in the order they were added.
 *
 * <p>A future whose exception is never retrieved (by {@link #result()}, {@link #exception()} or
 * by awaiting it) is reported through the loop's exception handler once it is garbage, or at the
 * latest when the loop closes.
 *
 * <p>Not thread-safe: use a future only on its loop's thread. {@link #toCompletableFuture()}
 * gives a view that other threads may use.
 */
public class Future<T> extends LoopCallback {
  private static final byte PENDING = 0;
  private static final byte SUCCEEDED = 1;
  private static final byte FAILED = 2;
  private static final byte CANCELLED = 3;

  private final EventLoop loop;
  private byte state = PENDING;
  /** The result, the exception, or the cancellation message, depending on {@link #state}. */
  private Object outcome;
  /** Null, one callback, or a List of them: most futures have at most one waiter. */
  private Object callbacks;
  /** Set while this future failed and nobody has looked at its exception yet. */
  private UnretrievedFailures.Entry unretrieved;

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
  @SuppressWarnings("unchecked")
  public final T result() {
    switch (state) {
      case SUCCEEDED:
        return (T) outcome;
      case FAILED:
        markRetrieved();
        throw Gen.sneaky((Throwable) outcome);
      case CANCELLED:
        throw new CancelledError((String) outcome);
      default:
        throw new InvalidStateException("Result is not set.");
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
      case SUCCEEDED:
        return null;
      case FAILED:
        markRetrieved();
        return (Throwable) outcome;
      case CANCELLED:
        throw new CancelledError((String) outcome);
      default:
        throw new InvalidStateException("Exception is not set.");
    }
  }

  /**
   * Completes the future with {@code value} and schedules its done callbacks.
   *
   * @throws InvalidStateException if it is already done
   */
  public void setResult(T value) {
    completeWithResult(value);
  }

  /**
   * Fails the future with {@code failure} and schedules its done callbacks.
   *
   * @throws InvalidStateException if it is already done
   * @throws IllegalArgumentException for a {@link CancelledError}: call {@link #cancel()} instead
   */
  public void setException(Throwable failure) {
    completeWithException(failure);
  }

  /** Cancels the future if it is pending and schedules its callbacks; false if it was done. */
  public final boolean cancel() {
    return cancel(null);
  }

  /** Like {@link #cancel()}; {@code message} becomes the message of the {@link CancelledError}. */
  public boolean cancel(String message) {
    return completeCancelled(message);
  }

  /**
   * Schedules {@code callback} on the loop once the future is done (at once if it is done). It
   * runs with the {@link ContextVar} values current now, as asyncio's add_done_callback copies
   * the context.
   */
  public final void addDoneCallback(Consumer<? super Future<T>> callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    Object contextVars = Context.capture();
    addCallback(contextVars == null ? callback : new InContext(callback, contextVars));
  }

  /** Removes every registration of {@code callback}; returns how many were removed. */
  public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
    if (isRegistration(callbacks, callback)) {
      callbacks = null;
      return 1;
    }
    if (callbacks instanceof List<?> list) {
      int before = list.size();
      list.removeIf(c -> isRegistration(c, callback));
      return before - list.size();
    }
    return 0;
  }

  private static boolean isRegistration(Object registered, Consumer<?> callback) {
    return registered == callback
        || (registered instanceof InContext bound && bound.callback == callback);
  }

  /** A done callback added while context variables had values: it runs with those. */
  private record InContext(Consumer<?> callback, Object contextVars) {}

  /**
   * A {@link CompletableFuture} that completes (on the loop's thread) when this future does.
   * Cancelling either cancels the other: cancelling the returned future from any thread cancels
   * this one on its loop.
   */
  public final CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> view = new CompletableFuture<>();
    addDoneCallback(
        done -> {
          switch (state) {
            case SUCCEEDED -> view.complete(resultNow());
            case FAILED -> view.completeExceptionally(exception());
            default -> view.cancel(false);
          }
        });
    view.whenComplete(
        (value, failure) -> {
          if (view.isCancelled()) {
            loop.interop.cancelThreadsafe(this);
          }
        });
    return view;
  }

  // ---------------------------------------------------------------- for the runtime

  final void completeWithResult(Object value) {
    ensurePending();
    outcome = value;
    state = SUCCEEDED;
    scheduleCallbacks();
  }

  final void completeWithException(Throwable failure) {
    if (failure == null) {
      throw new NullPointerException("failure");
    }
    if (failure instanceof CancelledError) {
      throw new IllegalArgumentException("a CancelledError cannot be set as an exception: cancel the future");
    }
    ensurePending();
    outcome = failure;
    state = FAILED;
    unretrieved = loop.diagnostics.unretrievedFailures().track(this, failure);
    scheduleCallbacks();
  }

  final boolean completeCancelled(String message) {
    if (state != PENDING) {
      return false;
    }
    state = CANCELLED;
    outcome = message;
    scheduleCallbacks();
    return true;
  }

  /** Registers a done callback: a user's Consumer, or a {@link Task} to wake up. */
  @SuppressWarnings("unchecked")
  final void addCallback(Object callback) {
    if (state != PENDING) {
      schedule(callback);
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

  /** The outcome as the driver hands it to a frame awaiting this future: the failure, or null. */
  final Throwable failureForAwait() {
    switch (state) {
      case SUCCEEDED:
        return null;
      case FAILED:
        markRetrieved();
        return (Throwable) outcome;
      case CANCELLED:
        return new CancelledError((String) outcome);
      default:
        return new InvalidStateException(
            "a coroutine awaiting a future was resumed before the future was done");
    }
  }

  @SuppressWarnings("unchecked")
  final T resultNow() {
    return state == SUCCEEDED ? (T) outcome : null;
  }

  /** The message given to {@link #cancel(String)}, once cancelled. */
  final String cancelMessage() {
    return state == CANCELLED ? (String) outcome : null;
  }

  private void markRetrieved() {
    if (unretrieved != null) {
      loop.diagnostics.unretrievedFailures().retrieved(unretrieved);
      unretrieved = null;
    }
  }

  private void ensurePending() {
    if (state != PENDING) {
      throw new InvalidStateException("invalid state: " + this + " is already done");
    }
  }

  /** Called once, when the future becomes done. */
  void onDone() {}

  private void scheduleCallbacks() {
    onDone();
    Object pending = callbacks;
    callbacks = null;
    if (pending instanceof List<?> list) {
      for (Object callback : list) {
        schedule(callback);
      }
    } else if (pending != null) {
      schedule(pending);
    }
  }

  @SuppressWarnings("unchecked")
  private void schedule(Object callback) {
    if (callback instanceof Task<?> task) {
      loop.scheduleTaskStep(task);
    } else if (callback instanceof InContext bound) {
      loop.scheduleHandle(new Handle((Consumer<Object>) bound.callback, this, bound.contextVars));
    } else {
      loop.scheduleHandle(new Handle((Consumer<Object>) callback, this, null));
    }
  }

  /** The state for toString: pending, cancelled, result=..., exception=... */
  final String describeState() {
    return switch (state) {
      case PENDING -> "pending";
      case CANCELLED -> "cancelled";
      case FAILED -> "exception=" + outcome;
      default -> "result=" + outcome;
    };
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "<" + describeState() + ">";
  }
}
