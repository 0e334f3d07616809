package dev.yieldfrom.runtime.sync;

/**
 * A semaphore that refuses to be released more often than acquired (asyncio's BoundedSemaphore),
 * which catches a release too many.
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  public BoundedSemaphore() {
    this(1);
  }

  public BoundedSemaphore(int permits) {
    super(permits);
    this.bound = permits;
  }

  /** @throws IllegalStateException if every permit is already free */
  @Override
  public void release() {
    if (value() >= bound) {
      throw new IllegalStateException("BoundedSemaphore released too many times");
    }
    super.release();
  }
}
