package dev.yieldfrom.runtime.sync;

/** Raised by {@link Queue#getNowait} on an empty queue. */
public final class QueueEmpty extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueEmpty() {
    super("queue is empty");
  }
}
