package dev.yieldfrom.bench;

import java.util.Arrays;
import java.util.List;

/** Median and range of repeated measurements: every figure of the report is shown with both. */
record Stats(double median, double min, double max, int n) {
  static Stats of(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    if (n == 0) {
      return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(median, sorted[0], sorted[n - 1], n);
  }

  static Stats of(double... values) {
    return of(Arrays.stream(values).boxed().toList());
  }

  /** Appends {@code key.median}, {@code .min}, {@code .max}, {@code .n} to the results. */
  void put(String key) {
    Results.put(key + ".median", median);
    Results.put(key + ".min", min);
    Results.put(key + ".max", max);
    Results.put(key + ".n", n);
  }
}
