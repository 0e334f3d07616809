package dev.yieldfrom.runtime;

import java.time.Duration;

/**
 * A loop's clock: real ({@link System#nanoTime()}), or virtual. A virtual clock starts at 0 and
 * stands still while callbacks run; when nothing is ready it jumps straight to the next timer,
 * unless work outside the loop (executor jobs, awaited stages, loop threads) is outstanding:
 * that work takes real time, which a jump would not wait for. Loop thread only, except
 * {@link #now()} on a real clock.
 */
final class LoopClock {
  final boolean virtual;
  private final long origin = System.nanoTime();
  private double virtualNow;
  /**
   * While {@link EventLoop#advance} or {@link EventLoop#advanceUntilIdle} runs (else NaN): the
   * virtual time the loop runs up to; once nothing more is due by then, the loop stops there
   * instead of jumping past.
   */
  double advancingTo = Double.NaN;
  /** Executor jobs, awaited stages and loop threads the loop must wait for in real time. */
  private int externalWaits;

  LoopClock(boolean virtual) {
    this.virtual = virtual;
  }

  /** In seconds: monotonic, with an arbitrary origin (0 for virtual time). */
  double now() {
    return virtual ? virtualNow : (System.nanoTime() - origin) / 1e9;
  }

  /** {@code duration} in seconds, the clock's unit. */
  static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }

  /** For {@link EventLoop#advance}: the virtual time {@code seconds} from now. */
  double advanceTarget(double seconds) {
    requireVirtual("advance");
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("cannot advance by " + seconds + " seconds");
    }
    return virtualNow + seconds;
  }

  void requireVirtual(String operation) {
    if (!virtual) {
      throw new IllegalStateException(
          operation + "() needs a loop on virtual time (EventLoop.createVirtual())");
    }
  }

  /** For {@link EventLoop#register}: a virtual clock would jump over the time I/O takes. */
  void refuseChannels() {
    if (virtual) {
      throw new IllegalStateException(
          "a virtual-time event loop cannot wait on channels: its clock jumps over idle time,"
              + " which socket I/O does not follow; run code that uses sockets on a loop made by"
              + " EventLoop.create()");
    }
  }

  /** Keeps a virtual clock from jumping while work that other threads will hand in is pending. */
  void holdForExternalWork() {
    externalWaits++;
  }

  void releaseExternalWork() {
    externalWaits--;
  }

  /**
   * While advancing, with nothing ready: whether nothing more is due by {@link #advancingTo}; if
   * so, the clock is left there (the loop then stops).
   */
  boolean reachedAdvanceTarget(TimerHeap timers) {
    if (!Double.isNaN(advancingTo)
        && externalWaits == 0
        && (timers.isEmpty() || timers.peekWhen() > advancingTo)) {
      if (advancingTo != Double.POSITIVE_INFINITY) {
        virtualNow = Math.max(virtualNow, advancingTo);
      }
      return true;
    }
    return false;
  }

  /**
   * With nothing ready: how long to wait for other threads (and channels) before the next timer
   * of {@code timers} is due, {@link Long#MAX_VALUE} for no limit. A virtual clock jumps to the
   * next timer instead, unless work outside the loop is outstanding.
   *
   * @throws IllegalStateException if a virtual-time loop can do nothing more
   */
  long nanosToWait(TimerHeap timers) {
    if (timers.isEmpty()) {
      if (virtual && externalWaits == 0) {
        throw new IllegalStateException(
            "virtual-time event loop is idle: nothing is ready, no timer is pending and no"
                + " executor job or awaited CompletionStage is outstanding, so nothing can happen"
                + " any more (a coroutine awaits a future that nothing will complete)");
      }
      return Long.MAX_VALUE;
    }
    double nextWhen = timers.peekWhen();
    double delay = nextWhen - now();
    if (delay <= 0) {
      return 0L;
    }
    if (!virtual) {
      return (long) Math.ceil(delay * 1e9);
    }
    if (externalWaits > 0) {
      return Long.MAX_VALUE;
    }
    virtualNow = nextWhen;
    return 0L;
  }
}
