package dev.yieldfrom.bench;

import dev.yieldfrom.runtime.Gen;

/** {@code Templates.answer(x)} written by hand: the floor for creation + finish. */
final class HandAnswer extends Gen<Integer, Object, Integer> {
  private final int x;

  HandAnswer(int x) {
    this.x = x;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    if (thrown != null) {
      throw thrown;
    }
    return returnValue(x + 1);
  }
}
