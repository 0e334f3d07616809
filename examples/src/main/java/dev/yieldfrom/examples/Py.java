package dev.yieldfrom.examples;

import java.util.List;
import java.util.stream.Collectors;

/** Python's repr() for the values the examples print, so their output matches CPython's. */
final class Py {
  private Py() {}

  static String repr(Object value) {
    if (value instanceof String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (value instanceof List<?> tuple) {
      String items = tuple.stream().map(Py::repr).collect(Collectors.joining(", "));
      return tuple.size() == 1 ? "(" + items + ",)" : "(" + items + ")";
    }
    return value == null ? "None" : String.valueOf(value);
  }
}
