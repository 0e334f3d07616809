package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What yieldFrom accepts besides a generator, for the driver in {@link Gen} and for the
 * combinators: a {@link Future}, a {@link CompletionStage} (wrapped in a future of the running
 * loop), and the lean sleep a task keeps on its loop's timer heap. The driver knows generators
 * only; it asks here about everything else a frame awaits.
 */
final class Awaitables {
  private Awaitables() {}

  // ---------------------------------------------------------------- for the driver

  /**
   * What a frame that delegates to {@code target}, not a generator, awaits: a future (a stage
   * wrapped on the running loop), or the error to raise in the frame when {@code target} cannot
   * be awaited.
   */
  static Object awaitedFor(Object target) {
    if (target instanceof Future<?>) {
      return target;
    }
    if (target instanceof CompletionStage<?> stage) {
      try {
        return EventLoop.getRunningLoop().wrap(stage);
      } catch (RuntimeException noLoop) {
        return noLoop;
      }
    }
    return new IllegalArgumentException(
        "yieldFrom needs a Gen, Co, Future or CompletionStage, got "
            + (target == null ? "null" : target.getClass().getName()));
  }

  /** Whether the frame must suspend for {@code awaited} (from {@link #awaitedFor}). */
  static boolean isPending(Object awaited) {
    return awaited instanceof Future<?> future && !future.isDone();
  }

  /**
   * What a frame that awaited {@code awaited} raises when resumed: the future's failure (or
   * cancellation), the error from {@link #awaitedFor}, or null (a success; a lean sleep).
   */
  static Throwable failureOf(Object awaited) {
    if (awaited instanceof Future<?> future) {
      return future.failureForAwait();
    }
    return awaited instanceof Throwable failure ? failure : null;
  }

  /** The value a frame that awaited {@code awaited} resumes with, once it did not fail. */
  static Object resultOf(Object awaited) {
    return awaited instanceof Future<?> future ? future.resultNow() : null;
  }

  /**
   * Whether a task's driver may skip running {@code inner} and hand it to the task, which then
   * sleeps on its loop's timer heap (or, for a delay of zero or less, yields once): a plain
   * {@code Async.sleep} without a result (see {@link Sleep}).
   */
  static boolean sleepsOnTimerHeap(Gen<?, ?, ?> inner) {
    return inner instanceof Sleep<?> sleep && sleep.isLean();
  }

  // ---------------------------------------------------------------- for the combinators

  /** The loop of the first future among {@code awaitables}, or else the running loop. */
  static EventLoop loopOf(Collection<?> awaitables) {
    for (Object awaitable : awaitables) {
      if (awaitable instanceof Future<?> future) {
        return future.loop();
      }
    }
    return EventLoop.getRunningLoop();
  }

  /** A future for {@code awaitable}: itself, a new task for a coroutine, or a wrapped stage. */
  static Future<?> toFuture(EventLoop loop, Object awaitable) {
    if (awaitable instanceof Future<?> future) {
      if (future.loop() != loop) {
        throw new IllegalArgumentException("futures are attached to different event loops");
      }
      return future;
    }
    if (awaitable instanceof Gen<?, ?, ?> coroutine) {
      return loop.createTask(coroutine);
    }
    if (awaitable instanceof CompletionStage<?> stage) {
      return loop.wrap(stage);
    }
    throw new IllegalArgumentException(
        "expected a Gen, Co, Future or CompletionStage, got "
            + (awaitable == null ? "null" : awaitable.getClass().getName())
            + (awaitable instanceof Collection<?>
                ? ": to gather a collection, pass it alone to gather(Collection) (coroutines),"
                    + " gatherFutures (futures and tasks) or gather(collection.toArray()) (a mix)"
                : awaitable instanceof Boolean
                    ? ": for asyncio's return_exceptions=True, call gatherReturningExceptions"
                    : ""));
  }

  /**
   * Futures for {@code awaitables}, one per distinct argument (by identity), in order; an
   * argument given twice maps to the same future.
   */
  static List<Future<?>> toFutures(EventLoop loop, Collection<?> awaitables) {
    Map<Object, Future<?>> seen = new IdentityHashMap<>();
    List<Future<?>> futures = new ArrayList<>(awaitables.size());
    for (Object awaitable : awaitables) {
      Future<?> future = seen.get(awaitable);
      if (future == null) {
        future = toFuture(loop, awaitable);
        seen.put(awaitable, future);
      }
      futures.add(future);
    }
    return futures;
  }

  /** Copies the outcome of {@code from} into {@code into}, retrieving the exception. */
  @SuppressWarnings("unchecked")
  static <T> void transfer(Future<?> from, Future<T> into) {
    if (from.isCancelled()) {
      into.cancel(from.cancelMessage());
      return;
    }
    Throwable failure = from.exception();
    if (failure != null) {
      into.setException(failure);
    } else {
      into.setResult((T) from.resultNow());
    }
  }
}
