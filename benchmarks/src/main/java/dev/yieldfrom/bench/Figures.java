package dev.yieldfrom.bench;

import java.util.Locale;
import java.util.Map;

/** One run's results (see {@link Results}) read back, with the report's number formats. */
final class Figures {
  private final Map<String, String> r;

  Figures(Map<String, String> results) {
    this.r = results;
  }

  /** The number under {@code key}, or NaN where it is missing or not a number. */
  double num(String key) {
    String v = r.get(key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  String str(String key, String orElse) {
    return r.getOrDefault(key, orElse);
  }

  boolean has(String key) {
    return !Double.isNaN(num(key));
  }

  /** The median of a repeated figure ({@code key.median}, else the plain {@code key}). */
  double med(String key) {
    return has(key + ".median") ? num(key + ".median") : num(key);
  }

  /** "median (min–max)" of {@code key} with its unit, or {@code orElse} where it was not measured. */
  String spread(String key, String unit, String orElse) {
    if (!has(key + ".median") && !has(key)) {
      return orElse;
    }
    String median = fmt(med(key)) + unit;
    if (has(key + ".min") && num(key + ".n") != 1) {
      return median + " (" + fmt(num(key + ".min")) + "–" + fmt(num(key + ".max")) + ")";
    }
    return median + (has(key + ".n") ? " (1 run)" : "");
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1e7) {
      return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e+", "e");
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A count: files, runs, connections. */
  static String count(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static String ratio(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    return (v >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.2f", v)) + "x";
  }

  static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
