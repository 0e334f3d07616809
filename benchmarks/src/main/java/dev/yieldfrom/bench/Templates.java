package dev.yieldfrom.bench;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static dev.yieldfrom.runtime.Yield.yieldValue;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.List;

/** The coroutines the benchmarks run; the processor writes {@code TemplatesCoroutines}. */
public final class Templates {
  private Templates() {}

  /** Yields 0, 1, 2, ... forever: one resume round trip per value. */
  @Coroutine
  static Gen<Integer, Object, Void> counter() {
    for (int i = 0; ; i++) {
      yieldValue(i);
    }
  }

  /** A counter under a chain of {@code depth} yieldFrom links (depth 1: chain(1) -> counter). */
  @Coroutine
  static Gen<Integer, Object, Void> chain(int depth) {
    if (depth <= 1) {
      yieldFrom(counter());
    } else {
      yieldFrom(chain(depth - 1));
    }
    return done();
  }

  /** Finishes at once: for creation + finish. */
  @Coroutine
  static Gen<Integer, Object, Integer> answer(int x) {
    return done(x + 1);
  }

  /** Raises at the bottom of a chain of {@code depth} yieldFrom links. */
  @Coroutine
  static Co<Integer> failing(int depth) {
    if (depth == 0) {
      throw new IllegalStateException("boom");
    }
    return done(yieldFrom(failing(depth - 1)) + 1);
  }

  /** Gives the loop back {@code switches} times: one task switch each. */
  @Coroutine
  static Co<Void> switcher(int switches) {
    for (int i = 0; i < switches; i++) {
      yieldFrom(sleep(0));
    }
    return done();
  }

  /** {@code tasks} tasks each switching {@code switches} times, awaited one after the other. */
  @Coroutine
  static Co<Void> switchers(int tasks, int switches) {
    List<Task<Void>> all = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      all.add(createTask(switcher(switches)));
    }
    for (Task<Void> task : all) {
      yieldFrom(task);
    }
    return done();
  }

  /** The async-runtimes memory benchmark's task: sleep, then finish. */
  @Coroutine
  static Co<Void> sleeper(double seconds) {
    yieldFrom(sleep(seconds));
    return done();
  }

  /** Starts {@code tasks} sleepers, then awaits each (as the Java version joins each thread). */
  @Coroutine
  static Co<Integer> sleepers(int tasks, double seconds) {
    List<Task<Void>> all = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      all.add(createTask(sleeper(seconds)));
    }
    for (Task<Void> task : all) {
      yieldFrom(task);
    }
    return done(all.size());
  }
}
