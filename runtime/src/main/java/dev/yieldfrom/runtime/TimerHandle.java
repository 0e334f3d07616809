package dev.yieldfrom.runtime;

/**
 * A callback scheduled for a time on the loop's clock ({@link EventLoop#callLater},
 * {@link EventLoop#callAt}). Timers fire in order of {@link #when()}; timers due at the same time
 * fire in the order they were scheduled.
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
  private final double when;
  /** Breaks ties between timers due at the same time: scheduling order. */
  private final long sequence;
  private final EventLoop loop;
  /** True while the timer is in the loop's heap, so a cancellation can be counted for purging. */
  boolean scheduled;

  TimerHandle(double when, long sequence, Runnable callback, EventLoop loop) {
    super(callback);
    this.when = when;
    this.sequence = sequence;
    this.loop = loop;
  }

  /** The time on the loop's clock ({@link EventLoop#time()}) when the callback is due. */
  public double when() {
    return when;
  }

  @Override
  public void cancel() {
    if (!isCancelled()) {
      super.cancel();
      if (scheduled) {
        loop.timers.timerCancelled();
      }
    }
  }

  @Override
  boolean isStaleTimer() {
    return isCancelled();
  }

  @Override
  void timerFired() {
    scheduled = false;
  }

  @Override
  void timerDropped(TimerHeap heap) {
    scheduled = false;
    heap.cancelledTimerDropped();
  }

  @Override
  public int compareTo(TimerHandle other) {
    int byTime = Double.compare(when, other.when);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }

  @Override
  public String toString() {
    return "TimerHandle<when=" + when + (isCancelled() ? " cancelled" : "") + ">";
  }
}
