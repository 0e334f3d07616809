package dev.yieldfrom.processor.cpython;

import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.StopIteration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event trace of the CPython ports: the compiled coroutine sources (loaded by a child class
 * loader) and the tests share it, as Python's tests share the local {@code trace} list.
 *
 * <p>Also holds named objects a template must reach that Python's tests keep in enclosing
 * scopes ({@code gi} in test_attempted_yield_from_loop, {@code me} in the PEP 255 examples), and
 * formats values as Python's {@code %s} and {@code %r} would.
 */
public final class Trace {
  private static final List<Object> EVENTS = new ArrayList<>();
  private static final Map<String, Object> SLOTS = new HashMap<>();

  private Trace() {}

  /** Python's {@code trace.append(event)}. */
  public static void add(Object event) {
    EVENTS.add(event);
  }

  /** The events recorded since the last {@link #reset}. */
  public static List<Object> events() {
    return new ArrayList<>(EVENTS);
  }

  /** Clears the events and the named objects; every test starts with it. */
  public static void reset() {
    EVENTS.clear();
    SLOTS.clear();
  }

  public static void put(String name, Object value) {
    SLOTS.put(name, value);
  }

  /** The generator stored under {@code name}. */
  @SuppressWarnings("unchecked")
  public static Gen<Object, Object, Object> gen(String name) {
    return (Gen<Object, Object, Object>) SLOTS.get(name);
  }

  /** Python's {@code "%s" % (value,)}. */
  public static String str(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof List<?> || value instanceof StopIteration) {
      return repr(value);
    }
    return String.valueOf(value);
  }

  /**
   * Python's {@code repr(value)}: strings quoted, null as None, a {@link List} as a tuple, a
   * {@link StopIteration} as {@code StopIteration(value)}.
   */
  public static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (value instanceof List<?> tuple) {
      String items = tuple.stream().map(Trace::repr).collect(Collectors.joining(", "));
      return tuple.size() == 1 ? "(" + items + ",)" : "(" + items + ")";
    }
    if (value instanceof StopIteration stop) {
      return stop.value() == null ? "StopIteration()" : "StopIteration(" + repr(stop.value()) + ")";
    }
    return String.valueOf(value);
  }

  /**
   * Throws {@code t} unchecked, for templates that raise a Throwable chosen by the test (Python's
   * {@code raise raised}): write {@code throw Trace.sneak(raised);}.
   */
  public static RuntimeException sneak(Throwable t) {
    return Trace.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
