package dev.yieldfrom.runtime;

/**
 * Raised by {@link Async#waitFor} and {@link Async#timeout} when the time runs out (Python's
 * {@code TimeoutError}).
 *
 * <p>Unchecked on purpose: a {@code @Coroutine} body is compiled by javac as written, and javac
 * only accepts {@code catch (SomeCheckedException e)} around code that declares it, which
 * {@code yieldFrom(...)} cannot. An unchecked exception can be caught where the timeout happens.
 */
public class TimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TimeoutException() {
    super("timed out");
  }

  public TimeoutException(String message) {
    super(message);
  }
}
