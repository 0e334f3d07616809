package dev.yieldfrom.runtime;

/** A future used in a way its state does not allow: its result read too early, or set twice. */
public class InvalidStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(String message) {
    super(message);
  }
}
