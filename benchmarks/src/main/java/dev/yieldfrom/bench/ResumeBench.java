package dev.yieldfrom.bench;

import dev.yieldfrom.bench.kotlin.KotlinPeers;
import dev.yieldfrom.runtime.Gen;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** (1) One resume round trip of a generator yielding a counter: next() in, a value out. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResumeBench {

  @State(Scope.Thread)
  public static class Generated {
    Gen<Integer, Object, Void> gen;

    @Setup(Level.Trial)
    public void setUp() {
      gen = TemplatesCoroutines.counter();
    }
  }

  @State(Scope.Thread)
  public static class HandWritten {
    Gen<Integer, Object, Void> gen;

    @Setup(Level.Trial)
    public void setUp() {
      gen = new HandCounter();
    }
  }

  @State(Scope.Thread)
  public static class Kotlin {
    Iterator<Integer> iterator;

    @Setup(Level.Trial)
    public void setUp() {
      iterator = KotlinPeers.counter();
    }
  }

  @State(Scope.Thread)
  public static class PlatformThread {
    HandOffGenerator gen;

    @Setup(Level.Trial)
    public void setUp() {
      gen = new HandOffGenerator(HandOffGenerator.platformThreads());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      gen.close();
    }
  }

  @State(Scope.Thread)
  public static class VirtualThread {
    VirtualThreadDriver driver;

    @Setup(Level.Trial)
    public void setUp() {
      if (!VirtualThreads.available()) {
        throw new IllegalStateException(VirtualThreads.whyNot());
      }
      driver = new VirtualThreadDriver(VirtualThreads.factory());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      driver.close();
    }
  }

  /** The generated state machine of {@code Templates.counter()}. */
  @Benchmark
  public Integer generated(Generated s) {
    return s.gen.next();
  }

  /** The same with async stack traces off: the normal path must not notice. */
  @Benchmark
  @Fork(jvmArgsAppend = "-Dyieldfrom.plainStackTraces=true")
  public Integer generatedPlainStackTraces(Generated s) {
    return s.gen.next();
  }

  /** The floor: a state machine written by hand on the same driver. */
  @Benchmark
  public Integer handWritten(HandWritten s) {
    return s.gen.next();
  }

  /** Kotlin's {@code sequence {}} iterator: the strongest JVM peer. */
  @Benchmark
  public Integer kotlinSequence(Kotlin s) {
    return s.iterator.next();
  }

  /** Generator on a platform thread, called from the benchmark thread: a cross-thread hand-off. */
  @Benchmark
  public int platformThread(PlatformThread s) {
    return s.gen.next();
  }

  /**
   * Generator on a virtual thread driven from a virtual thread, both on one carrier: the fair
   * virtual-thread generator. Scored per round trip (batches of {@link VirtualThreadDriver#BATCH}).
   */
  @Benchmark
  @OperationsPerInvocation(VirtualThreadDriver.BATCH)
  @Fork(jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
  public int virtualThread(VirtualThread s) {
    return s.driver.batch();
  }
}
