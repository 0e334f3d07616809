package dev.yieldfrom.bench;

import dev.yieldfrom.runtime.Gen;

/**
 * The floor: {@code Templates.counter()} written by hand against the same driver, as tight as a
 * state machine for it can be (one field, no switch).
 */
final class HandCounter extends Gen<Integer, Object, Void> {
  private int i;

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    if (thrown != null) {
      throw thrown;
    }
    if (state == 0) {
      state = 1;
      return i;
    }
    return ++i;
  }
}
