package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Results.put;

import dev.yieldfrom.bench.kotlin.KotlinPeers;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

/**
 * (3) Retained heap per suspended coroutine, measured from the heap: used heap after a full GC
 * with one million suspended, minus used heap after a full GC before, divided by one million. Run
 * it with -XX:+UseSerialGC and a fixed heap so that System.gc() is a full, compacting collection.
 */
public final class MemoryProbe {
  static final int N = Integer.getInteger("n", 1_000_000);
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /** What {@code Templates.counter()} lifts: its one local, as a plain object. */
  static final class Locals {
    int i;
  }

  public static void main(String[] args) throws Exception {
    String prefix = args.length > 0 ? args[0] : "memory";
    put(prefix + ".plainObjectWithLocals.bytes", perObject(i -> new Locals()));
    put(prefix + ".generatedSuspended.bytes", perObject(i -> suspended(TemplatesCoroutines.counter())));
    put(prefix + ".handWrittenSuspended.bytes", perObject(i -> suspended(new HandCounter())));
    put(prefix + ".generatedCreated.bytes", perObject(i -> TemplatesCoroutines.counter()));
    put(prefix + ".kotlinSequenceSuspended.bytes", perObject(i -> suspended(KotlinPeers.counter())));
    put(prefix + ".sleepingTask.bytes", sleepingTasks());
    put(prefix + ".kotlinSleepingJob.bytes", KotlinPeers.sleepingJobBytes(N, MemoryProbe::usedAfterGc));
    ThreadFactory virtual = VirtualThreads.factory();
    if (virtual != null) {
      put(prefix + ".sleepingVirtualThread.bytes", sleepingThreads(virtual));
    } else {
      put(prefix + ".sleepingVirtualThread.bytes", VirtualThreads.whyNot());
    }
  }

  private static Object suspended(Gen<Integer, Object, Void> gen) {
    gen.next(); // now suspended at its yield, the counter lifted into a field
    return gen;
  }

  /** A Kotlin sequence iterator suspended at its first yield (iterator and continuation). */
  private static Object suspended(Iterator<Integer> sequence) {
    sequence.next();
    return sequence;
  }

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Bytes retained per object made by {@code make}, with N of them alive at once. */
  static double perObject(IntFunction<Object> make) {
    Object[] keep = new Object[N];
    long before = usedAfterGc();
    for (int i = 0; i < N; i++) {
      keep[i] = make.apply(i);
    }
    long after = usedAfterGc();
    double per = (after - before) / (double) N;
    if (keep[N - 1] == null) {
      throw new AssertionError();
    }
    return per;
  }

  /**
   * A task per coroutine, each sleeping on the loop (timer included): everything the loop
   * retains for one million sleeping tasks, counted once they have all gone to sleep.
   */
  static double sleepingTasks() {
    EventLoop loop = EventLoop.create();
    List<Task<Void>> keep = new ArrayList<>(N);
    long before = usedAfterGc();
    loop.runUntilComplete(TemplatesCoroutines.sleepers(0, 0)); // warms the loop's own structures
    for (int i = 0; i < N; i++) {
      keep.add(loop.createTask(TemplatesCoroutines.sleeper(3600)));
    }
    // One iteration runs every task's first step: each goes to sleep.
    loop.runUntilComplete(dev.yieldfrom.runtime.Async.sleep(0));
    long after = usedAfterGc();
    for (Task<Void> task : keep) {
      if (task.isDone()) {
        throw new AssertionError("a sleeper finished");
      }
    }
    double per = (after - before) / (double) N;
    keep.clear();
    return per;
  }

  /** A virtual thread per task, each in Thread.sleep: the heap it takes (stacks live there). */
  static double sleepingThreads(ThreadFactory virtual) throws InterruptedException {
    List<Thread> keep = new ArrayList<>(N);
    long before = usedAfterGc();
    for (int i = 0; i < N; i++) {
      Thread t =
          virtual.newThread(
              () -> {
                try {
                  Thread.sleep(3_600_000L);
                } catch (InterruptedException e) {
                  // released
                }
              });
      t.start();
      keep.add(t);
    }
    Thread.sleep(2000); // let them all reach their sleep
    long after = usedAfterGc();
    double per = (after - before) / (double) N;
    for (Thread t : keep) {
      t.interrupt();
    }
    return per;
  }
}
