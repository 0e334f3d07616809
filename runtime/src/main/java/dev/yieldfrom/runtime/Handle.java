package dev.yieldfrom.runtime;

/** A callback scheduled on an {@link EventLoop}; cancelling it before it runs keeps it from running. */
public class Handle {
  private Runnable callback;

  Handle(Runnable callback) {
    this.callback = callback;
  }

  /** Keeps the callback from running, if it has not run yet. */
  public void cancel() {
    callback = null;
  }

  public boolean isCancelled() {
    return callback == null;
  }

  /** Runs the callback unless cancelled; only the loop calls this. */
  final void run() {
    Runnable c = callback;
    if (c != null) {
      callback = null;
      c.run();
    }
  }
}
