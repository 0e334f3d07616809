package dev.yieldfrom.bench;

import dev.yieldfrom.runtime.Gen;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** (2) One resume of a counter suspended under a yieldFrom chain of {@code depth} links. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DepthBench {
  @Param({"1", "10", "100", "1000"})
  public int depth;

  Gen<Integer, Object, Void> gen;

  @Setup(Level.Trial)
  public void setUp() {
    gen = TemplatesCoroutines.chain(depth);
    gen.next(); // builds the chain: the counter is now suspended under depth frames
  }

  @Benchmark
  public Integer resume() {
    return gen.next();
  }
}
