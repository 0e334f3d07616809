package dev.yieldfrom.runtime;

/**
 * What an {@link ExceptionHandler} is told (asyncio's context dict).
 *
 * @param message what happened; never null
 * @param exception the error, or null when there is none (a task left pending)
 * @param future the future or task concerned, or null
 * @param handle the callback concerned, or null
 */
public record ExceptionContext(
    String message, Throwable exception, Future<?> future, Handle handle) {
  public ExceptionContext {
    if (message == null) {
      throw new NullPointerException("message");
    }
  }

  public static ExceptionContext of(String message, Throwable exception) {
    return new ExceptionContext(message, exception, null, null);
  }
}
