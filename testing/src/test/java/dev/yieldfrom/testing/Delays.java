package dev.yieldfrom.testing;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import java.util.List;

/** Coroutines under test, compiled by the processor as a user's would be. */
final class Delays {
  private Delays() {}

  @Coroutine
  static Co<String> after(double seconds, String value) {
    yieldFrom(sleep(seconds));
    return done(value);
  }

  /** Waits for {@code future}, recording in {@code trace} that its finally block ran. */
  @Coroutine
  static Co<String> waitFor(Future<String> future, List<String> trace) {
    try {
      return done(yieldFrom(future));
    } finally {
      trace.add("finally ran");
    }
  }
}
