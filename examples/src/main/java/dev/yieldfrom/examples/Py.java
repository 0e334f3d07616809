package dev.yieldfrom.examples;

import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.Task;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Python's {@code repr()} and {@code str()} for the values the examples print, so their output
 * matches CPython's, and the wall clock Python's {@code time.time()} reads.
 *
 * <p>Java types stand for Python's: a {@link String} for {@code str}, a {@link Boolean} for
 * {@code bool}, a {@link Double} for {@code float}, null for {@code None}, a {@link List} for a
 * {@code list} (or, through {@link #reprTuple}, a {@code tuple}), and a {@link Task} for an
 * asyncio {@code Task}.
 */
final class Py {
  private Py() {}

  /**
   * The clock {@link #time()} reads. ExamplesTest pins it, as the Python run that produced the
   * expected output pinned {@code time.time()}.
   */
  static Clock wallClock = Clock.systemUTC();

  /** Python's {@code repr(value)}. */
  static String repr(Object value) {
    if (value instanceof String s) {
      return reprString(s);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Py::repr).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double d) {
      return reprFloat(d);
    }
    if (value instanceof Task<?> task) {
      return reprTask(task);
    }
    return value == null ? "None" : String.valueOf(value);
  }

  /** Python's {@code repr(str)}: single quotes, unless only double quotes avoid escaping. */
  private static String reprString(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder repr = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> repr.append("\\\\");
        case '\n' -> repr.append("\\n");
        case '\r' -> repr.append("\\r");
        case '\t' -> repr.append("\\t");
        default -> {
          if (c == quote) {
            repr.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            repr.append(String.format("\\x%02x", (int) c));
          } else {
            repr.append(c);
          }
        }
      }
    }
    return repr.append(quote).toString();
  }

  /** Python's {@code str(value)}: what {@code print} and {@code '{}'.format} show. */
  static String str(Object value) {
    return value instanceof String s ? s : repr(value);
  }

  /** Python's {@code repr} of the tuple whose items are {@code items}. */
  static String reprTuple(List<?> items) {
    String joined = items.stream().map(Py::repr).collect(Collectors.joining(", "));
    return items.size() == 1 ? "(" + joined + ",)" : "(" + joined + ")";
  }

  /** Python's {@code time.time()}: seconds since the epoch, read from {@link #wallClock}. */
  static double time() {
    Instant now = wallClock.instant();
    return new BigDecimal(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9)).doubleValue();
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in
   * positional notation unless its exponent is below -4 or at least 16.
   */
  static String reprFloat(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        shortest = rounded;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros().abs();
    String sign = d < 0 ? "-" : "";
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
    String plain = shortest.toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /**
   * CPython 3.11's repr of a task, such as {@code <Task pending coro=<task_func()>>}, except that
   * it leaves out what a Java task cannot say the Python way: the default name
   * ({@code name='Task-2'}, shown only if the task was given a name), where the coroutine is in
   * the source ({@code running at file.py:12}) and the future it waits for ({@code wait_for=}).
   * The coroutine is named after its {@code @Coroutine} method, in Python's spelling
   * ({@code taskFunc} becomes {@code task_func}).
   */
  private static String reprTask(Task<?> task) {
    StringBuilder repr = new StringBuilder("<Task ");
    if (!task.isDone()) {
      repr.append(task.cancelling() > 0 ? "cancelling" : "pending");
    } else {
      repr.append(task.isCancelled() ? "cancelled" : "finished");
    }
    if (task.name() != null) {
      repr.append(" name=").append(repr(task.name()));
    }
    repr.append(" coro=<").append(coroutineName(task.coroutine())).append("()>");
    if (task.isDone() && !task.isCancelled()) {
      Throwable failure = task.exception();
      repr.append(failure == null ? " result=" + repr(task.result()) : " exception=" + failure);
    }
    return repr.append('>').toString();
  }

  /** The generated state machine of {@code @Coroutine taskFunc} in {@code Owner} is {@code Owner$0taskFunc}. */
  private static String coroutineName(Gen<?, ?, ?> coroutine) {
    String machine = coroutine.getClass().getName();
    String name =
        machine.substring(machine.indexOf("$0", machine.lastIndexOf('.')) + 2).replaceAll("\\$0\\d+$", "");
    StringBuilder snake = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          snake.append('_');
        }
        snake.append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }
}
