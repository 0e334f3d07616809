package dev.yieldfrom.processor.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * What a random body does, in order: every helper it calls logs an event here, and the harness
 * logs each driver call and its outcome. Bodies get it as their first parameter, so each run has
 * its own. Helpers are deterministic functions of their arguments.
 */
public final class Trace {
  /** Past this many events a run is cut short, the same way in both modes. */
  public static final int LIMIT = 4000;

  private final List<String> events = new ArrayList<>();

  /** Raised when a run logs more than {@link #LIMIT} events. */
  public static final class LimitReached extends Error {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super("trace limit reached", null, false, false);
    }
  }

  public synchronized void log(String event) {
    if (events.size() >= LIMIT) {
      throw new LimitReached();
    }
    events.add(event);
  }

  /** An entry of the harness (a driver call or its outcome); never cut short. */
  public synchronized void record(String entry) {
    events.add(entry);
  }

  public void log(String tag, int value) {
    log(tag + "=" + value);
  }

  public void log(String tag, String value) {
    log(tag + "=" + value);
  }

  /** How many events there are. */
  public synchronized int size() {
    return events.size();
  }

  /** A snapshot of the events so far. */
  public synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  /** Logs and returns its argument plus one: an operand that is a method argument. */
  public int f(int v) {
    log("f", v);
    return v + 1;
  }

  /** Two arguments, evaluated left to right. */
  public int g(int a, int b) {
    log("g " + a + " " + b);
    return a - 2 * b;
  }

  /** A condition. */
  public boolean b(int v) {
    log("b", v);
    return (v & 1) == 0;
  }

  /** An array index in range. */
  public int ix(int v) {
    log("ix", v);
    return Math.floorMod(v, 3);
  }

  /** A selector of an int switch: 0 to 4. */
  public int sel(int v) {
    log("sel", v);
    return Math.floorMod(v, 5);
  }

  /** A selector of a String switch: "s0" to "s3". */
  public String str(int v) {
    log("str", v);
    return "s" + Math.floorMod(v, 4);
  }

  /** A selector of an enum switch. */
  public Color color(int v) {
    log("color", v);
    return Color.values()[Math.floorMod(v, 3)];
  }

  /** The length of a string built by concatenation. */
  public int len(String s) {
    log("len " + s);
    return s.length();
  }

  /** Division: may throw ArithmeticException. */
  public int div(int a, int b) {
    log("div " + a + " " + b);
    return a / b;
  }

  /** A sent value as an int: 0 for null (next()). */
  public int s(Integer sent) {
    return sent == null ? 0 : sent;
  }

  /** An int as an Object, for pattern matching. */
  public Object box(int v) {
    log("box", v);
    return v;
  }

  /** A fresh array of three. */
  public int[] arr(int v) {
    log("arr", v);
    return new int[] {v, v + 1, v + 2};
  }

  /** An Iterable for enhanced for loops, whose iterator logs each call. */
  public Iterable<Integer> list(int a, int b) {
    log("list " + a + " " + b);
    List<Integer> values = List.of(a, b);
    return () ->
        new java.util.Iterator<Integer>() {
          private int next;

          @Override
          public boolean hasNext() {
            log("hasNext " + next);
            return next < values.size();
          }

          @Override
          public Integer next() {
            log("next " + next);
            return values.get(next++);
          }
        };
  }

  /** A resource that closes without failing; it fails to open when v is 4 modulo 5. */
  public Res safeRes(String name, int v) {
    log("open " + name + " " + v);
    if (Math.floorMod(v, 5) == 4) {
      throw new Boom("open " + name);
    }
    return new Res(this, name, false);
  }

  /** A resource; it fails to open when v is 4 modulo 5, and to close when v is 3 modulo 4. */
  public Res res(String name, int v) {
    log("open " + name + " " + v);
    if (Math.floorMod(v, 5) == 4) {
      throw new Boom("open " + name);
    }
    return new Res(this, name, Math.floorMod(v, 4) == 3);
  }
}
