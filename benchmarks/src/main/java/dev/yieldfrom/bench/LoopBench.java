package dev.yieldfrom.bench;

import dev.yieldfrom.bench.kotlin.KotlinPeers;
import dev.yieldfrom.runtime.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * (4) The event loop, same workloads as benchmarks/bench_asyncio.py runs on CPython and uvloop:
 * task switches ({@value #TASKS} tasks each sleep(0) {@value #SWITCHES} times, scored per
 * switch, so that JMH's gc profiler gives the bytes allocated per switch), the same on Kotlin's
 * runBlocking loop (yield()), and a million timers scheduled with callLater and fired.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class LoopBench {
  public static final int TASKS = 1000;
  public static final int SWITCHES = 100;
  public static final int TIMERS = 1_000_000;

  int fired;
  EventLoop timerLoop;

  /** TASKS x SWITCHES task switches; the score is per switch (loop and task creation included). */
  @Benchmark
  @OperationsPerInvocation(TASKS * SWITCHES)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void taskSwitches() {
    try (EventLoop loop = EventLoop.create()) {
      loop.runUntilComplete(TemplatesCoroutines.switchers(TASKS, SWITCHES));
    }
  }

  /** One task switching TASKS x SWITCHES times: the cost and allocation of a bare sleep(0). */
  @Benchmark
  @OperationsPerInvocation(TASKS * SWITCHES)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void sleepZero() {
    try (EventLoop loop = EventLoop.create()) {
      loop.runUntilComplete(TemplatesCoroutines.switcher(TASKS * SWITCHES));
    }
  }

  /** The TASKS x SWITCHES program on kotlinx.coroutines' runBlocking loop (one thread). */
  @Benchmark
  @OperationsPerInvocation(TASKS * SWITCHES)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void kotlinTaskSwitches() {
    KotlinPeers.taskSwitches(TASKS, SWITCHES);
  }

  /** TIMERS timers, delays spread over 0..10 ms in a scrambled order, all fired. */
  @Benchmark
  public int timers() {
    try (EventLoop loop = EventLoop.create()) {
      timerLoop = loop;
      fired = 0;
      Runnable callback = this::fire;
      for (int i = 0; i < TIMERS; i++) {
        loop.callLater(((i * 7919L) % 1000) * 1e-5, callback);
      }
      loop.runForever();
      return fired;
    }
  }

  private void fire() {
    if (++fired == TIMERS) {
      timerLoop.stop();
    }
  }
}
