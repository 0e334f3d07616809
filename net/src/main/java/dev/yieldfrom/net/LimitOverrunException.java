package dev.yieldfrom.net;

/**
 * A separator was not found within the reader's buffer limit (asyncio's LimitOverrunError). The
 * buffered bytes are left in place, except after {@link StreamReader#readline}, which drops them
 * as asyncio does.
 */
public class LimitOverrunException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int consumed;

  public LimitOverrunException(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /** How many bytes were buffered when the limit was hit (the bytes to consume to go on). */
  public int consumed() {
    return consumed;
  }
}
