package dev.yieldfrom.processor.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered record of events that compiled test sources and the tests themselves write, so that
 * a test can assert exactly what ran and in which order. Test sources call it by its qualified
 * name or import it; the class is shared with them through the parent class loader.
 */
public final class Trace {
  private static final List<String> EVENTS = new ArrayList<>();

  private Trace() {}

  /** Records {@code event}. */
  public static synchronized void log(String event) {
    EVENTS.add(event);
  }

  /** Records {@code event} and returns {@code value}: for logging inside an operand. */
  public static <T> T log(String event, T value) {
    log(event);
    return value;
  }

  /** The events recorded since the last {@link #clear()}, oldest first. */
  public static synchronized List<String> events() {
    return List.copyOf(EVENTS);
  }

  /** Returns the events recorded so far and clears them. */
  public static synchronized List<String> take() {
    List<String> events = List.copyOf(EVENTS);
    EVENTS.clear();
    return events;
  }

  public static synchronized void clear() {
    EVENTS.clear();
  }
}
