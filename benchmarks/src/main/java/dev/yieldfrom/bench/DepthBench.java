package dev.yieldfrom.bench;

import dev.yieldfrom.bench.kotlin.KotlinPeers;
import dev.yieldfrom.runtime.Gen;
import java.util.Iterator;
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

/** (2) One resume of a counter suspended under a chain of {@code depth} delegations, and Kotlin's two spellings of it. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DepthBench {
  @Param({"1", "10", "1000"})
  public int depth;

  Gen<Integer, Object, Void> gen;
  Iterator<Integer> kotlinYieldAll;
  Iterator<Integer> kotlinSuspend;

  @Setup(Level.Trial)
  public void setUp() {
    gen = TemplatesCoroutines.chain(depth);
    gen.next(); // builds the chain: the counter is now suspended under depth frames
    kotlinYieldAll = KotlinPeers.yieldAllChain(depth);
    kotlinYieldAll.next();
    kotlinSuspend = KotlinPeers.suspendChain(depth);
    kotlinSuspend.next();
  }

  @Benchmark
  public Integer resume() {
    return gen.next();
  }

  /** Kotlin: {@code depth} sequences nested with yieldAll. */
  @Benchmark
  public Integer kotlinYieldAll() {
    return kotlinYieldAll.next();
  }

  /** Kotlin: one sequence, the counter under {@code depth} nested suspend calls. */
  @Benchmark
  public Integer kotlinSuspendCalls() {
    return kotlinSuspend.next();
  }
}
