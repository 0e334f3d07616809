package dev.yieldfrom.runtime;

/**
 * The coroutine behind {@link Async#sleep}: a timer completes a future the coroutine awaits. A
 * zero or negative delay is a bare yield, which gives the loop's other callbacks one iteration.
 * It is its own timer callback, so a sleep costs a future and a timer handle and no lambda.
 *
 * <p>The usual case takes a shorter way: a task awaiting {@code sleep(seconds)} (no result) is
 * put on the loop's timer heap itself (or, for {@code sleep(0)}, yields once) and this coroutine
 * never runs (see {@link #isLean()},
 * {@link Gen#step(Object, Throwable, boolean, boolean)} and {@link Task}). A sleeping task then
 * costs the task, its coroutine frames and one heap entry, and a sleep allocates only this object.
 */
final class Sleep<T> extends Co<T> implements Runnable {
  private final double delay;
  private final T result;
  private Future<Void> wakeUp;
  private TimerHandle timer;

  Sleep(double delay, T result) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("sleep delay is NaN");
    }
    this.delay = delay;
    this.result = result;
  }

  /**
   * Whether a task may sleep this on the timer heap instead of running it (or, for a delay of
   * zero or less, yield once without it).
   */
  boolean isLean() {
    return result == null;
  }

  double delay() {
    return delay;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        state = 1;
        if (delay <= 0) {
          return null;
        }
        EventLoop loop = EventLoop.getRunningLoop();
        wakeUp = loop.createFuture();
        timer = loop.callLater(delay, this);
        return delegate(wakeUp);
      case 1:
        state = 2;
        if (timer != null) {
          // Cancelled while asleep: the timer must not keep the loop (or virtual time) busy.
          timer.cancel();
        }
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(result);
      default:
        throw new IllegalStateException("sleep resumed after it finished");
    }
  }

  /** The timer fired. */
  @Override
  public void run() {
    if (!wakeUp.isDone()) {
      wakeUp.setResult(null);
    }
  }
}
