package dev.yieldfrom.runtime;

/**
 * A future that drives a coroutine on its loop (asyncio's Task). The coroutine starts on the
 * loop's next iteration; each time it yields a future, the task sleeps until that future is done.
 */
public class Task<T> extends Future<T> {
  private final Gen<?, ?, T> coroutine;
  /** The future the coroutine waits for, so cancelling the task can cancel it. */
  private Future<?> waitingOn;
  private boolean cancelRequested;

  Task(EventLoop loop, Gen<?, ?, T> coroutine) {
    super(loop);
    if (coroutine.isStarted()) {
      throw new IllegalArgumentException("coroutine was already started: " + coroutine);
    }
    this.coroutine = coroutine;
    loop.callSoon(() -> step(null));
  }

  /**
   * Requests cancellation: a {@link CancelledError} is raised in the coroutine at its suspension
   * point on the next iteration, so its {@code finally} blocks run. Returns false if done.
   */
  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (waitingOn != null && waitingOn.cancel(message)) {
      return true;
    }
    cancelRequested = true;
    return true;
  }

  private void step(Throwable thrown) {
    if (isDone()) {
      return;
    }
    if (cancelRequested && thrown == null) {
      cancelRequested = false;
      thrown = new CancelledError();
    }
    waitingOn = null;
    Object yielded;
    try {
      yielded = coroutine.step(null, thrown, false);
    } catch (CancelledError cancelled) {
      super.cancel(cancelled.getMessage());
      return;
    } catch (Throwable failure) {
      setException(failure);
      return;
    }
    if (yielded == Signal.FINISHED) {
      setResult(coroutine.result());
    } else if (yielded instanceof Future<?> future) {
      if (future.loop() != loop()) {
        loop().callSoon(() -> step(new IllegalStateException("task awaited a future of another loop")));
        return;
      }
      waitingOn = future;
      future.addDoneCallback(f -> step(null));
    } else if (yielded == null) {
      loop().callSoon(() -> step(null));
    } else {
      Object bad = yielded;
      loop().callSoon(
          () -> step(new IllegalStateException("task got bad yield: " + bad)));
    }
  }
}
