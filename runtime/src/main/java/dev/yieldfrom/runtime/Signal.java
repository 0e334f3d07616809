package dev.yieldfrom.runtime;

/**
 * What a frame's {@code resume} returns besides a yielded value. Users never see these: a yielded
 * value cannot be one of them because the constructor is private.
 */
final class Signal {
  /** The frame stored an awaitable in its payload and waits for its outcome. */
  static final Signal DELEGATE = new Signal("DELEGATE");
  /** The frame finished and stored its result in its payload. */
  static final Signal RETURN = new Signal("RETURN");
  /** Returned by {@link Gen#step} when the root finished; its result is in {@link Gen#result()}. */
  static final Signal FINISHED = new Signal("FINISHED");
  /** In a frame's payload: the frame awaits a sleep its task keeps on the loop's timer heap. */
  static final Signal SLEEPING = new Signal("SLEEPING");

  private final String name;

  private Signal(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
