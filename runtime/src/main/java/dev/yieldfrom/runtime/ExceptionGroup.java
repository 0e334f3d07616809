package dev.yieldfrom.runtime;

import java.util.List;

/**
 * Several failures raised together (Python's ExceptionGroup): a {@link TaskGroup} raises one with
 * the failures of all its children (and of its body). Each is also attached as a suppressed
 * exception, so a printed stack trace shows them all.
 *
 * <p>Final: the constructor attaches the failures through {@code addSuppressed}, which a subclass
 * could override and then run on an instance not yet initialized.
 */
public final class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Throwable> exceptions;

  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("an exception group needs at least one exception");
    }
    this.exceptions = List.copyOf(exceptions);
    for (Throwable exception : this.exceptions) {
      addSuppressed(exception);
    }
  }

  /** The failures, in the order they happened. */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
