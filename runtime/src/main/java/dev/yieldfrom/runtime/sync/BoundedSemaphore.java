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

  /**
   * @throws IllegalArgumentException if every permit is already free (asyncio's ValueError, as the
   *     exception table in README maps it)
   */
  @Override
  public void release() {
    if (value() >= bound) {
      throw new IllegalArgumentException("BoundedSemaphore released too many times");
    }
    super.release();
  }
}
