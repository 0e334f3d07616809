package dev.yieldfrom.bench;

import dev.yieldfrom.runtime.Gen;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** (3) Creating a coroutine, and creating it and running it to its end. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CreateBench {
  int x = 41;
  int out;

  @State(Scope.Thread)
  public static class VirtualThread {
    ThreadFactory factory;

    @Setup(Level.Trial)
    public void setUp() {
      if (!VirtualThreads.available()) {
        throw new IllegalStateException(VirtualThreads.whyNot());
      }
      factory = VirtualThreads.factory();
    }
  }

  @Benchmark
  public Gen<Integer, Object, Integer> createGenerated() {
    return TemplatesCoroutines.answer(x);
  }

  @Benchmark
  public Integer createAndFinishGenerated() {
    return finish(TemplatesCoroutines.answer(x));
  }

  @Benchmark
  public Integer createAndFinishHandWritten() {
    return finish(new HandAnswer(x));
  }

  /** Start a virtual thread computing the same and join it. */
  @Benchmark
  public int createAndFinishVirtualThread(VirtualThread s) throws InterruptedException {
    Thread t = s.factory.newThread(() -> out = x + 1);
    t.start();
    t.join();
    return out;
  }

  /** Iterating to the end finishes a generator without a StopIteration. */
  private static Integer finish(Gen<Integer, Object, Integer> gen) {
    for (Integer ignored : gen) {
      throw new AssertionError("yielded");
    }
    return gen.result();
  }
}
