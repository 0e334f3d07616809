package dev.yieldfrom.runtime.sync;

/** Raised by {@link Queue#putNowait} on a full queue. */
public final class QueueFull extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueFull() {
    super("queue is full");
  }
}
