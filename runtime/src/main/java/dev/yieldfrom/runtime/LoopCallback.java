package dev.yieldfrom.runtime;

/**
 * What a loop's ready queue and timer heap hold: a {@link Handle} (on the heap, a
 * {@link TimerHandle}), a {@link Task}, which is its own step callback and, while it sleeps, its
 * own timer (see {@link Sleep}), or the {@link SelectedKeys} of an iteration. A class rather than
 * an interface so that these methods stay package-private; it has no fields, so the objects
 * above, a sleeping task in particular, are no larger for it.
 *
 * <p>{@link Future} extends it only because {@link Task} does; a plain future is never queued,
 * and keeps the defaults, which say so.
 */
abstract class LoopCallback {
  LoopCallback() {}

  /** Runs this entry of the iteration's batch, on the loop's thread. */
  void runOnLoop(EventLoop loop) {
    throw notQueued();
  }

  /**
   * On the timer heap: whether this entry no longer stands for a pending timer (a cancelled
   * timer, a sleep cut short). It is dropped, without running, when it reaches the heap's head.
   */
  boolean isStaleTimer() {
    throw notQueued();
  }

  /** Its time came: it leaves the heap for the ready queue. */
  void timerFired() {
    throw notQueued();
  }

  /** It left the heap without firing: {@link #isStaleTimer()}, or purged. */
  void timerDropped(TimerHeap heap) {
    throw notQueued();
  }

  private AssertionError notQueued() {
    return new AssertionError(this + " is not a loop callback");
  }
}
