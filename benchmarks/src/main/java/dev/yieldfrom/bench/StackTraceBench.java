package dev.yieldfrom.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The price of async stack traces: an exception raised at the bottom of a yieldFrom chain of depth
 * 10 and propagated to the caller of next(), with the rewriting of each frame on and off.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StackTraceBench {
  static final int DEPTH = 10;

  @Benchmark
  public Throwable rewritten() {
    return raise();
  }

  @Benchmark
  @Fork(jvmArgsAppend = "-Dyieldfrom.plainStackTraces=true")
  public Throwable plain() {
    return raise();
  }

  private static Throwable raise() {
    try {
      TemplatesCoroutines.failing(DEPTH).next();
    } catch (IllegalStateException expected) {
      return expected;
    }
    throw new AssertionError("did not fail");
  }
}
