package dev.yieldfrom.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Py renders values as CPython 3.11 does (the expected strings are what python3 prints). */
class PyTest {
  @Test
  void floatsAsPythonReprsThem() {
    assertEquals("0.0", Py.repr(0.0));
    assertEquals("-0.0", Py.repr(-0.0));
    assertEquals("0.1", Py.repr(0.1));
    assertEquals("0.30000000000000004", Py.repr(0.1 + 0.2));
    assertEquals("100.0", Py.repr(100.0));
    assertEquals("1451511233.021935", Py.repr(1451511233.021935));
    assertEquals("1e+16", Py.repr(1e16));
    assertEquals("1234567890123456.8", Py.repr(1234567890123456.8));
    assertEquals("0.0001", Py.repr(0.0001));
    assertEquals("1.5e-05", Py.repr(0.000015));
    assertEquals("-2.5e+100", Py.repr(-2.5e100));
    assertEquals("5e-324", Py.repr(Double.MIN_VALUE));
    assertEquals("1.7976931348623157e+308", Py.repr(Double.MAX_VALUE));
    assertEquals("inf", Py.repr(Double.POSITIVE_INFINITY));
    assertEquals("nan", Py.repr(Double.NaN));
  }

  @Test
  void otherValues() {
    assertEquals("\"it's\"", Py.repr("it's"));
    assertEquals("'both \\' and \"'", Py.repr("both ' and \""));
    assertEquals("'a\\\\b\\n\\x00'", Py.repr("a\\b\n\0"));
    assertEquals("it's", Py.str("it's"));
    assertEquals("True", Py.str(true));
    assertEquals("None", Py.str(null));
    assertEquals("['a', 1, None]", Py.repr(java.util.Arrays.asList("a", 1, null)));
    assertEquals("('a',)", Py.reprTuple(List.of("a")));
    assertEquals("('a', 'b')", Py.reprTuple(List.of("a", "b")));
  }
}
