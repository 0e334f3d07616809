package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Turning what yieldFrom accepts (Gen, Future, CompletionStage) into futures of one loop. */
final class Awaitables {
  private Awaitables() {}

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
