package dev.yieldfrom.runtime;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** The coroutine behind {@link Async#waitUntil}: asyncio's {@code wait}. */
final class WaitFor<F extends Future<?>> extends Co<Waited<F>> {
  private final Set<F> futures;
  private final ReturnWhen when;
  private final double timeout;
  private Future<Void> waiter;
  private TimerHandle timer;
  private Consumer<Future<?>> onCompletion;
  private int remaining;

  WaitFor(Collection<F> futures, ReturnWhen when, double timeout) {
    if (futures.isEmpty()) {
      throw new IllegalArgumentException("Set of Futures is empty.");
    }
    if (when == null) {
      throw new NullPointerException("when");
    }
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException("timeout is NaN");
    }
    this.futures = new LinkedHashSet<>(futures);
    this.when = when;
    this.timeout = timeout;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        EventLoop loop = EventLoop.getRunningLoop();
        waiter = loop.createFuture();
        if (timeout != Double.POSITIVE_INFINITY) {
          timer = loop.callLater(timeout, this::release);
        }
        remaining = futures.size();
        onCompletion = this::completed;
        for (F future : futures) {
          future.addDoneCallback(onCompletion);
        }
        state = 1;
        return delegate(waiter);
      case 1:
        state = 2;
        if (timer != null) {
          timer.cancel();
        }
        for (F future : futures) {
          future.removeDoneCallback(onCompletion);
        }
        if (thrown != null) {
          throw thrown;
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F future : futures) {
          (future.isDone() ? done : pending).add(future);
        }
        return returnValue(new Waited<>(done, pending));
      default:
        throw new IllegalStateException("wait resumed after it finished");
    }
  }

  private void completed(Future<?> future) {
    remaining--;
    if (remaining <= 0
        || when == ReturnWhen.FIRST_COMPLETED
        || (when == ReturnWhen.FIRST_EXCEPTION
            && !future.isCancelled()
            && future.exception() != null)) {
      release();
    }
  }

  private void release() {
    if (timer != null) {
      timer.cancel();
    }
    if (!waiter.isDone()) {
      waiter.setResult(null);
    }
  }
}
