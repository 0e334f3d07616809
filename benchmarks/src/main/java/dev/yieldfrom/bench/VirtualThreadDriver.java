package dev.yieldfrom.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link HandOffGenerator} of virtual threads from a virtual thread, so that consumer and
 * producer share one carrier (run with {@code -Djdk.virtualThreadScheduler.parallelism=1}) and a
 * round trip never leaves it. The benchmark thread (a platform thread) asks for a batch of
 * {@link #BATCH} round trips at a time: one cross-thread wake-up per batch, not per value.
 */
final class VirtualThreadDriver implements AutoCloseable {
  static final int BATCH = 10_000;

  private final Thread driver;
  private final HandOffGenerator generator;
  private volatile Thread caller;
  private volatile boolean batchAsked;
  private volatile boolean batchDone;
  private volatile boolean closed;
  private int sum;

  VirtualThreadDriver(ThreadFactory virtual) {
    generator = new HandOffGenerator(virtual);
    driver = virtual.newThread(this::drive);
    driver.start();
  }

  private void drive() {
    while (true) {
      while (!batchAsked) {
        if (closed) {
          return;
        }
        LockSupport.park(this);
      }
      batchAsked = false;
      int s = 0;
      for (int i = 0; i < BATCH; i++) {
        s += generator.next();
      }
      sum = s;
      batchDone = true;
      LockSupport.unpark(caller);
    }
  }

  /** Runs one batch on the virtual driver and returns the sum of its values. */
  int batch() {
    caller = Thread.currentThread();
    batchAsked = true;
    LockSupport.unpark(driver);
    while (!batchDone) {
      LockSupport.park(this);
    }
    batchDone = false;
    return sum;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(driver);
    generator.close();
  }
}
