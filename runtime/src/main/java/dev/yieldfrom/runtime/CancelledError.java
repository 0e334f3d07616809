package dev.yieldfrom.runtime;

/**
 * Raised in a coroutine at its suspension point when its task is cancelled, and by
 * {@link Future#result()} of a cancelled future.
 *
 * <p>An {@link Error}, as Python 3.8 made {@code CancelledError} a {@code BaseException}: a
 * {@code catch (Exception e)} in a coroutine body does not swallow a cancellation by accident.
 */
public class CancelledError extends Error {
  private static final long serialVersionUID = 1L;

  /** A cancellation without a message: {@link #getMessage()} is null, as asyncio's args are (). */
  public CancelledError() {
    super((String) null);
  }

  /**
   * A cancellation with the message given to {@link Future#cancel(String)}; null for none, so that
   * {@code cancel()} and {@code cancel("cancelled")} stay distinguishable.
   */
  public CancelledError(String message) {
    super(message);
  }
}
