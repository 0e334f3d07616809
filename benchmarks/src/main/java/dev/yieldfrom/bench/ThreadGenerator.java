package dev.yieldfrom.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * A generator built on a thread, the way one is written without coroutines: the body runs on its
 * own thread and hands each value over a queue when asked (Python semantics: the body runs only
 * between two {@link #next()} calls). With a virtual-thread factory it is the "generator on a
 * virtual thread" of the comparison.
 */
final class ThreadGenerator implements AutoCloseable {
  private static final Object NEXT = new Object();

  private final SynchronousQueue<Object> requests = new SynchronousQueue<>();
  private final SynchronousQueue<Integer> values = new SynchronousQueue<>();
  private final Thread thread;

  ThreadGenerator(ThreadFactory factory) {
    thread =
        factory.newThread(
            () -> {
              try {
                for (int i = 0; ; i++) {
                  requests.take();
                  values.put(i); // yield i
                }
              } catch (InterruptedException closed) {
                // close()
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  static ThreadFactory platformThreads() {
    return Thread::new;
  }

  Integer next() throws InterruptedException {
    requests.put(NEXT);
    return values.take();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
