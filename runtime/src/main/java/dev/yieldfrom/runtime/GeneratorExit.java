package dev.yieldfrom.runtime;

/**
 * Raised at a generator's suspension point by {@link Gen#close()}, so that its {@code finally}
 * blocks and resources run.
 *
 * <p>An {@link Error}, like Python's {@code GeneratorExit} is a {@code BaseException} and like
 * {@link ThreadDeath}: a {@code catch (Exception e)} in a coroutine body must not swallow it.
 */
public final class GeneratorExit extends Error {
  private static final long serialVersionUID = 1L;

  public GeneratorExit() {
    // No stack trace (closing is common and it is never reported), but suppression stays on:
    // try-with-resources attaches a failing close() to it, and close() must raise that.
    super("generator closed", null, true, false);
  }
}
