package dev.yieldfrom.processor.diff;

/** The exception random bodies throw and catch; unchecked, so any try block may catch it. */
public final class Boom extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Boom(String message) {
    super(message);
  }
}
