package dev.yieldfrom.runtime;

/**
 * Receives the errors an event loop cannot hand to anyone: a callback that threw, a future whose
 * exception was never retrieved, a task left pending. Install one with
 * {@link EventLoop#setExceptionHandler}; it runs on the loop's thread (or on the thread that
 * closes the loop).
 */
@FunctionalInterface
public interface ExceptionHandler {
  void handle(EventLoop loop, ExceptionContext context);
}
