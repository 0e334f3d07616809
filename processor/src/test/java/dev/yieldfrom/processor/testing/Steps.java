package dev.yieldfrom.processor.testing;

import dev.yieldfrom.runtime.Co;

/** Hand-written awaitables for compiled test sources: no processor involved. */
public final class Steps {
  private Steps() {}

  /**
   * A coroutine that, when run, records {@code event}, suspends once (yields null to whoever
   * drives it: the event loop reschedules it, as asyncio.sleep(0)) and then returns {@code value}.
   */
  public static <T> Co<T> later(String event, T value) {
    return new Later<>(event, value);
  }

  private static final class Later<T> extends Co<T> {
    private final String event;
    private final T value;

    Later(String event, T value) {
      this.event = event;
      this.value = value;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (thrown != null) {
        throw thrown;
      }
      if (state == 0) {
        Trace.log(event);
        state = 1;
        return null;
      }
      return returnValue(value);
    }
  }
}
