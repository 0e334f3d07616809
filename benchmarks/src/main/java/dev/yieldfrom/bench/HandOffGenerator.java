package dev.yieldfrom.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A generator built on a thread, the way one is written without coroutines: the body runs on its
 * own thread and hands each value to the caller of {@link #next()} (Python semantics: the body
 * runs only between two calls). The hand-off is the cheapest the JDK offers, a volatile slot and
 * {@link LockSupport} park/unpark, in both directions; no queue.
 *
 * <p>With a virtual-thread factory, and {@link #next()} called from a virtual thread of the same
 * one-carrier scheduler, each round trip is two virtual-thread switches on one carrier: the fair
 * "generator on a virtual thread". Called from a platform thread it measures a cross-thread
 * wake-up instead.
 */
final class HandOffGenerator implements AutoCloseable {
  private final Thread producer;
  private volatile Thread consumer;
  private volatile boolean requested;
  private volatile boolean ready;
  private volatile boolean closed;
  private int value;

  HandOffGenerator(ThreadFactory factory) {
    producer = factory.newThread(this::produce);
    producer.setDaemon(true);
    producer.start();
  }

  static ThreadFactory platformThreads() {
    return Thread::new;
  }

  private void produce() {
    for (int i = 0; ; i++) {
      while (!requested) {
        if (closed) {
          return;
        }
        LockSupport.park(this);
      }
      requested = false;
      value = i; // yield i
      ready = true;
      LockSupport.unpark(consumer);
    }
  }

  int next() {
    consumer = Thread.currentThread();
    requested = true;
    LockSupport.unpark(producer);
    while (!ready) {
      LockSupport.park(this);
    }
    ready = false;
    return value;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(producer);
  }
}
