package dev.yieldfrom.runtime;

/**
 * Which thread a loop belongs to, whether it runs there, and the checks that refuse other
 * threads. Also the loop running on each thread ({@link EventLoop#running()}).
 */
final class LoopOwner {
  static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

  /**
   * The thread running the loop, or the last one that did (before the first run: the creating
   * thread). Volatile so that another thread's check of it sees the loop's thread once it runs.
   */
  volatile Thread thread = Thread.currentThread();
  volatile boolean running;

  /** Refuses to run the loop if it runs already, or another loop runs on this thread. */
  void checkCanRun() {
    if (running) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (RUNNING.get() != null) {
      throw new IllegalStateException("Cannot run the event loop while another loop is running");
    }
  }

  /** {@code loop} starts running on this thread. */
  void enter(EventLoop loop) {
    thread = Thread.currentThread();
    running = true;
    RUNNING.set(loop);
  }

  void exit() {
    running = false;
    RUNNING.remove();
  }

  /** In debug mode: fails a non-thread-safe call from another thread than the running loop's. */
  void checkThread(boolean debug) {
    if (debug && running && Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "Non-thread-safe operation invoked on an event loop other than the current one");
    }
  }

  /**
   * Refuses {@code method} from a thread other than the running loop's: nothing would wake the
   * loop to run what it scheduled. One comparison on the loop's own thread.
   */
  void checkLoopThread(String method) {
    if (Thread.currentThread() != thread) {
      refuseForeignThread(method);
    }
  }

  private void refuseForeignThread(String method) {
    if (running) {
      throw new IllegalStateException(
          method
              + "() called from thread \""
              + Thread.currentThread().getName()
              + "\" while the event loop runs on thread \""
              + thread.getName()
              + "\": the loop would not wake up to run it. From other threads, use"
              + " callSoonThreadsafe(), e.g. loop.callSoonThreadsafe(() -> loop."
              + method
              + "(...))");
    }
  }
}
