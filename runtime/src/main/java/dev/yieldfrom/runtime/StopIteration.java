package dev.yieldfrom.runtime;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Gen#send} and {@link Gen#next()} when the generator returns instead of
 * yielding, carrying its return value (Python's {@code StopIteration.value}). Carries no stack
 * trace: it is an ordinary outcome, not a fault.
 */
public final class StopIteration extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  private final transient Object value;

  public StopIteration(Object value) {
    super("generator finished");
    this.value = value;
  }

  /** The generator's return value, or null when it had already finished before this call. */
  public Object value() {
    return value;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
