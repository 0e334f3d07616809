package dev.yieldfrom.processor.testing;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;

/** Ways to drive a coroutine to its end from a test. */
public final class Drive {
  private Drive() {}

  /**
   * Iterates {@code generator} to its end, recording {@code "yield <value>"} in the {@link Trace}
   * for each value it yields, and returns its result.
   */
  public static <R> R all(Gen<?, ?, R> generator) {
    for (Object value : generator) {
      Trace.log("yield " + value);
    }
    return generator.result();
  }

  /** Runs {@code coroutine} on a new event loop to its end and returns its result. */
  public static <R> R onLoop(Gen<?, ?, R> coroutine) {
    EventLoop loop = EventLoop.create();
    try {
      return loop.runUntilComplete(coroutine);
    } finally {
      loop.close();
    }
  }
}
