package dev.yieldfrom.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An exception raised at the bottom of a yieldFrom chain of {@code depth} frames, propagated to
 * the caller of next(): building the chain and unwinding it, with the async stack trace (each
 * awaiting frame at its line) and without. Both should grow linearly with the depth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class DeepFailureBench {
  @Param({"10000", "100000"})
  int depth;

  @Benchmark
  public Throwable rewritten() {
    return raise(depth);
  }

  @Benchmark
  @Fork(jvmArgsAppend = "-Dyieldfrom.plainStackTraces=true")
  public Throwable plain() {
    return raise(depth);
  }

  private static Throwable raise(int depth) {
    try {
      TemplatesCoroutines.failing(depth).next();
    } catch (IllegalStateException expected) {
      return expected;
    }
    throw new AssertionError("did not fail");
  }
}
