package dev.yieldfrom.runtime;

import java.util.function.Function;

/**
 * A timeout block (Python 3.11's {@code asyncio.timeout}): runs a body inside the current task
 * and, if the deadline passes first, cancels the task, waits for the body to finish its
 * cancellation, and raises {@link TimeoutException} (with the {@link CancelledError} as cause).
 * Make one with {@link Async#timeout} or {@link Async#timeoutAt} and await it with
 * {@code yieldFrom}; the body can move the deadline with {@link #reschedule}.
 *
 * <p>A cancellation of the task from elsewhere is told apart from the timeout by the task's
 * {@link Task#cancelling()} count, so it propagates as a {@link CancelledError}.
 */
public final class Timeout<T> extends Co<T> {
  private enum Phase {
    CREATED,
    ENTERED,
    EXPIRING,
    EXPIRED,
    EXITED
  }

  /** Either a delay to apply on entry (deadlineIsRelative) or an absolute deadline. */
  private double deadline;
  private boolean deadlineIsRelative;
  private final Function<? super Timeout<T>, ?> body;
  private Phase phase = Phase.CREATED;
  private EventLoop loop;
  private Task<?> task;
  private int cancellingOnEntry;
  private Handle timer;

  Timeout(double deadline, boolean relative, Function<? super Timeout<T>, ?> body) {
    if (Double.isNaN(deadline)) {
      throw new IllegalArgumentException("timeout is NaN");
    }
    if (body == null) {
      throw new NullPointerException("body");
    }
    this.deadline = deadline;
    this.deadlineIsRelative = relative;
    this.body = body;
  }

  /**
   * The deadline on the loop's clock ({@link EventLoop#time()}), or positive infinity for none.
   * Before the block is entered, a relative timeout has no deadline yet: NaN.
   */
  public double when() {
    return deadlineIsRelative ? Double.NaN : deadline;
  }

  /**
   * Moves the deadline to {@code when} on the loop's clock; positive infinity removes it.
   *
   * @throws IllegalStateException if the block has expired or exited
   */
  public void reschedule(double when) {
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException("deadline is NaN");
    }
    if (phase == Phase.CREATED) {
      deadline = when;
      deadlineIsRelative = false;
      return;
    }
    if (phase != Phase.ENTERED) {
      throw new IllegalStateException(
          "Cannot change state of " + phase.name().toLowerCase(java.util.Locale.ROOT) + " Timeout");
    }
    deadline = when;
    deadlineIsRelative = false;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (when == Double.POSITIVE_INFINITY) {
      return;
    }
    timer = when <= loop.time() ? loop.callSoon(this::expire) : loop.callAt(when, this::expire);
  }

  /** Whether the deadline passed while the body ran. */
  public boolean expired() {
    return phase == Phase.EXPIRING || phase == Phase.EXPIRED;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        loop = EventLoop.getRunningLoop();
        task = loop.currentTask();
        if (task == null) {
          throw new IllegalStateException("Timeout should be used inside a task");
        }
        phase = Phase.ENTERED;
        cancellingOnEntry = task.cancelling();
        reschedule(deadlineIsRelative ? loop.time() + deadline : deadline);
        state = 1;
        return delegate(body.apply(this));
      case 1:
        state = 2;
        return exit(sent, thrown);
      default:
        throw new IllegalStateException("Timeout resumed after it finished");
    }
  }

  private Object exit(Object result, Throwable thrown) throws Throwable {
    Throwable raised = thrown instanceof CancelledError ? Gen.raisedInCleanup(thrown) : null;
    if (raised != null) {
      // The body's cleanup raised while the cancellation unwound: that exception propagates, as
      // in asyncio, where it replaces the CancelledError; it is not a timeout.
      thrown = raised;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (phase == Phase.EXPIRING) {
      phase = Phase.EXPIRED;
      // No newer cancellation than ours: the CancelledError is the timeout's own.
      if (task.uncancel() <= cancellingOnEntry && thrown instanceof CancelledError) {
        TimeoutException timedOut = new TimeoutException("timed out");
        timedOut.initCause(thrown);
        throw timedOut;
      }
    } else if (phase == Phase.ENTERED) {
      phase = Phase.EXITED;
    }
    if (thrown != null) {
      throw thrown;
    }
    return returnValue(result);
  }

  private void expire() {
    timer = null;
    task.cancel();
    phase = Phase.EXPIRING;
  }

  @Override
  public String toString() {
    return "Timeout<" + phase.name().toLowerCase(java.util.Locale.ROOT) + " when=" + when() + ">";
  }
}
