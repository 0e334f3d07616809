package dev.yieldfrom.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * asyncio's top-level functions for coroutine bodies. Import them statically:
 * {@code import static dev.yieldfrom.runtime.Async.*;} and await what they return with
 * {@code yieldFrom(...)}.
 *
 * <p>An awaitable here is what {@code yieldFrom} accepts: a {@link Gen} or {@link Co} (wrapped in
 * a task where it must run concurrently), a {@link Future} or {@link Task}, or a
 * {@link CompletionStage}. Functions that need a loop use the running loop of the calling thread
 * (or the loop of a future among their arguments), so call them from coroutine bodies. Like the
 * loop, they are not thread-safe.
 */
public final class Async {
  private Async() {}

  // ---------------------------------------------------------------- sleeping

  /**
   * A coroutine that finishes after {@code seconds} on the loop's clock. {@code sleep(0)} only
   * yields to the loop once, so that other callbacks and tasks run.
   */
  public static Co<Void> sleep(double seconds) {
    return new Sleep<>(seconds, null);
  }

  /** Like {@link #sleep(double)}, finishing with {@code result}. */
  public static <T> Co<T> sleep(double seconds, T result) {
    return new Sleep<>(seconds, result);
  }

  public static Co<Void> sleep(Duration duration) {
    return new Sleep<>(LoopClock.seconds(duration), null);
  }

  // ---------------------------------------------------------------- tasks

  /** Starts {@code coroutine} as a task on the running loop (asyncio's create_task). */
  public static <T> Task<T> createTask(Gen<?, ?, T> coroutine) {
    return EventLoop.getRunningLoop().createTask(coroutine);
  }

  public static <T> Task<T> createTask(Gen<?, ?, T> coroutine, String name) {
    return EventLoop.getRunningLoop().createTask(coroutine, name);
  }

  /** The task running now, or null outside a task. */
  public static Task<?> currentTask() {
    return Task.current();
  }

  /** Runs the blocking {@code job} on the running loop's default executor. */
  public static <T> Future<T> runInExecutor(Callable<T> job) {
    return EventLoop.getRunningLoop().runInExecutor(job);
  }

  /** Runs the blocking {@code job} on {@code executor}, its outcome delivered on the loop. */
  public static <T> Future<T> runInExecutor(java.util.concurrent.Executor executor, Callable<T> job) {
    return EventLoop.getRunningLoop().runInExecutor(executor, job);
  }

  // ---------------------------------------------------------------- gather

  /**
   * Runs {@code coroutines} concurrently, each as a task, and completes with their results in
   * argument order, whatever order they finish in: {@code List<String>} for coroutines of
   * {@code String}. The first failure fails the gather at once (the others go on running);
   * cancelling the gather cancels every child still running.
   *
   * <p>For futures, tasks or stages mixed with coroutines, use {@link #gather(Object...)}.
   *
   * @return a future of the unmodifiable list of results
   */
  @SafeVarargs
  public static <T> Future<List<T>> gather(Gen<?, ?, ? extends T>... coroutines) {
    // Safe: the array is only read, never stored or handed on.
    List<Object> awaitables = new ArrayList<>(coroutines.length);
    for (Gen<?, ?, ? extends T> coroutine : coroutines) {
      awaitables.add(coroutine);
    }
    return gatherTyped(awaitables);
  }

  /**
   * {@link #gather(Gen...)} for a collection of coroutines of one result type.
   *
   * @return a future of the unmodifiable list of results, in iteration order
   */
  public static <T> Future<List<T>> gather(Collection<? extends Gen<?, ?, ? extends T>> coroutines) {
    return gatherTyped(coroutines);
  }

  /**
   * {@link #gather(Gen...)} for futures and tasks of one result type.
   *
   * @return a future of the unmodifiable list of results, in iteration order
   */
  public static <T> Future<List<T>> gatherFutures(Collection<? extends Future<? extends T>> futures) {
    return gatherTyped(futures);
  }

  /**
   * The untyped gather, for any mix of awaitables (coroutines run as tasks, futures, tasks,
   * {@link CompletionStage}s): the escape when the results have no common type. Otherwise as
   * {@link #gather(Gen...)}.
   *
   * @return a future of the unmodifiable list of results, as Objects
   */
  public static Future<List<Object>> gather(Object... awaitables) {
    return gatherUntyped(Arrays.asList(awaitables), false);
  }

  /**
   * asyncio's {@code gather(..., return_exceptions=True)}: like {@link #gather(Object...)}, but
   * a failed child's exception (a {@link CancelledError} for a cancelled one) takes its place in
   * the results, and the gather itself never fails because of a child.
   *
   * @return a future of the unmodifiable list of results and exceptions, in argument order
   */
  public static Future<List<Object>> gatherReturningExceptions(Object... awaitables) {
    return gatherUntyped(Arrays.asList(awaitables), true);
  }

  /** {@link #gatherReturningExceptions(Object...)} for a collection of awaitables. */
  public static Future<List<Object>> gatherReturningExceptions(Collection<?> awaitables) {
    return gatherUntyped(awaitables, true);
  }

  /**
   * Two coroutines of different result types, run concurrently as by {@link #gather(Gen...)}
   * (asyncio's {@code a, b = await gather(fa(), fb())}). A future and a coroutine: make the
   * coroutine a task with {@link #createTask} and use {@link #gatherPair(Future, Future)}.
   *
   * @return a future of both results, {@code first()} from {@code first}
   */
  public static <A, B> Future<Pair<A, B>> gatherPair(Gen<?, ?, A> first, Gen<?, ?, B> second) {
    return gatherInto(List.of(first, second), Async::pair);
  }

  /** {@link #gatherPair(Gen, Gen)} for two futures or tasks. */
  public static <A, B> Future<Pair<A, B>> gatherPair(Future<A> first, Future<B> second) {
    return gatherInto(List.of(first, second), Async::pair);
  }

  /**
   * Three coroutines of different result types, run concurrently as by {@link #gather(Gen...)}.
   *
   * @return a future of the three results, in argument order
   */
  public static <A, B, C> Future<Triple<A, B, C>> gatherTriple(
      Gen<?, ?, A> first, Gen<?, ?, B> second, Gen<?, ?, C> third) {
    return gatherInto(List.of(first, second, third), Async::triple);
  }

  /** {@link #gatherTriple(Gen, Gen, Gen)} for three futures or tasks. */
  public static <A, B, C> Future<Triple<A, B, C>> gatherTriple(
      Future<A> first, Future<B> second, Future<C> third) {
    return gatherInto(List.of(first, second, third), Async::triple);
  }

  @SuppressWarnings("unchecked")
  private static <A, B> Pair<A, B> pair(List<Object> results) {
    return new Pair<>((A) results.get(0), (B) results.get(1));
  }

  @SuppressWarnings("unchecked")
  private static <A, B, C> Triple<A, B, C> triple(List<Object> results) {
    return new Triple<>((A) results.get(0), (B) results.get(1), (C) results.get(2));
  }

  /** The elements of {@code results} are the results of awaitables of {@code T}. */
  @SuppressWarnings("unchecked")
  private static <T> Future<List<T>> gatherTyped(Collection<?> awaitables) {
    return gatherInto(awaitables, results -> (List<T>) (List<?>) results);
  }

  private static Future<List<Object>> gatherUntyped(Collection<?> awaitables, boolean returnExceptions) {
    if (awaitables.isEmpty()) {
      return completed(List.of());
    }
    EventLoop loop = Awaitables.loopOf(awaitables);
    return Gathering.of(loop, Awaitables.toFutures(loop, awaitables), returnExceptions, results -> results);
  }

  private static <R> Future<R> gatherInto(
      Collection<?> awaitables, java.util.function.Function<List<Object>, R> finish) {
    if (awaitables.isEmpty()) {
      return completed(finish.apply(List.of()));
    }
    EventLoop loop = Awaitables.loopOf(awaitables);
    return Gathering.of(loop, Awaitables.toFutures(loop, awaitables), false, finish);
  }

  private static <R> Future<R> completed(R result) {
    Future<R> done = EventLoop.getRunningLoop().createFuture();
    done.setResult(result);
    return done;
  }

  // ---------------------------------------------------------------- wait

  /** {@link #waitUntil(Collection, ReturnWhen, double)} with ALL_COMPLETED and no timeout. */
  public static <F extends Future<?>> Co<Waited<F>> waitUntil(Collection<F> futures) {
    return new WaitFor<>(futures, ReturnWhen.ALL_COMPLETED, Double.POSITIVE_INFINITY);
  }

  public static <F extends Future<?>> Co<Waited<F>> waitUntil(Collection<F> futures, ReturnWhen when) {
    return new WaitFor<>(futures, when, Double.POSITIVE_INFINITY);
  }

  /**
   * asyncio's {@code wait} (named so because {@link Object#wait()} would hide a static import):
   * waits until {@code when} holds for {@code futures}, or for {@code timeoutSeconds}, and returns
   * the done and pending ones. Raises nothing on timeout, and cancels nothing.
   *
   * @return a coroutine finishing with the {@link Waited} sets of done and pending futures
   *
   * @throws IllegalArgumentException if {@code futures} is empty
   */
  public static <F extends Future<?>> Co<Waited<F>> waitUntil(
      Collection<F> futures, ReturnWhen when, double timeoutSeconds) {
    return new WaitFor<>(futures, when, timeoutSeconds);
  }

  // ---------------------------------------------------------------- timeouts

  /**
   * Awaits {@code coroutine} for at most {@code timeoutSeconds}: on timeout it is cancelled (its
   * {@code finally} blocks run) and {@link TimeoutException} is raised. The coroutine runs inside
   * the calling task, as in Python 3.12; a timeout of 0 or less cancels it before it starts.
   *
   * @return a coroutine finishing with the coroutine's result
   */
  public static <T> Co<T> waitFor(Gen<?, ?, T> coroutine, double timeoutSeconds) {
    return waitForAwaitable(coroutine, timeoutSeconds);
  }

  /** Awaits {@code future} for at most {@code timeoutSeconds}, then cancels it and raises. */
  public static <T> Co<T> waitFor(Future<T> future, double timeoutSeconds) {
    return waitForAwaitable(future, timeoutSeconds);
  }

  /** Awaits {@code stage} for at most {@code timeoutSeconds}, then cancels it and raises. */
  public static <T> Co<T> waitFor(CompletionStage<T> stage, double timeoutSeconds) {
    return waitForAwaitable(stage, timeoutSeconds);
  }

  private static <T> Co<T> waitForAwaitable(Object awaitable, double timeoutSeconds) {
    if (Double.isNaN(timeoutSeconds)) {
      throw new IllegalArgumentException("timeout is NaN");
    }
    if (timeoutSeconds <= 0) {
      return new WaitForExpired<>(awaitable);
    }
    return new Timeout<T>(timeoutSeconds, true, scope -> awaitable);
  }

  /** waitFor with no time left: cancel at once, wait until the cancellation is done, raise. */
  private static final class WaitForExpired<T> extends Co<T> {
    private final Object awaitable;
    private Future<?> future;

    WaitForExpired(Object awaitable) {
      this.awaitable = awaitable;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          EventLoop loop = EventLoop.getRunningLoop();
          future = Awaitables.toFuture(loop, awaitable);
          if (future.isDone()) {
            state = 2;
            return returnValue(future.result());
          }
          future.cancel();
          Future<Void> settled = loop.createFuture();
          future.addDoneCallback(
              done -> {
                if (!settled.isDone()) {
                  settled.setResult(null);
                }
              });
          state = 1;
          return delegate(settled);
        case 1:
          state = 2;
          if (thrown != null) {
            throw thrown;
          }
          try {
            return returnValue((T) future.result());
          } catch (CancelledError cancelled) {
            TimeoutException timedOut = new TimeoutException("timed out");
            timedOut.initCause(cancelled);
            throw timedOut;
          }
        default:
          throw new IllegalStateException("waitFor resumed after it finished");
      }
    }
  }

  /**
   * A timeout block around {@code body}: see {@link Timeout}. The deadline is
   * {@code delaySeconds} after the block is entered; positive infinity means none.
   */
  public static <T> Timeout<T> timeout(double delaySeconds, Gen<?, ?, ? extends T> body) {
    requireBody(body);
    return new Timeout<>(delaySeconds, true, scope -> body);
  }

  public static <T> Timeout<T> timeout(Duration delay, Gen<?, ?, ? extends T> body) {
    return timeout(LoopClock.seconds(delay), body);
  }

  /** A timeout block whose body gets the {@link Timeout}, to reschedule it. */
  public static <T> Timeout<T> timeout(
      double delaySeconds, Function<? super Timeout<T>, ? extends Gen<?, ?, ? extends T>> body) {
    return new Timeout<>(delaySeconds, true, body);
  }

  /** A timeout block with a deadline on the loop's clock ({@link EventLoop#time()}). */
  public static <T> Timeout<T> timeoutAt(double when, Gen<?, ?, ? extends T> body) {
    requireBody(body);
    return new Timeout<>(when, false, scope -> body);
  }

  private static void requireBody(Object body) {
    if (body == null) {
      throw new NullPointerException("body");
    }
  }

  // ---------------------------------------------------------------- task groups

  /**
   * A task group block: {@code body} gets a fresh {@link TaskGroup}, creates tasks in it and
   * returns the coroutine the block awaits; the block ends when that and every task of the group
   * are done, and finishes with that coroutine's result. See {@link TaskGroup} for failures and
   * cancellation; {@link #withTaskGroup} is the form for a body that only starts tasks.
   */
  public static <T> Co<T> taskGroup(Function<? super TaskGroup, ? extends Gen<?, ?, ? extends T>> body) {
    return TaskGroup.run(body);
  }

  /**
   * A task group block whose {@code body} only starts tasks: {@code body} gets a fresh
   * {@link TaskGroup} and creates tasks in it; the block ends, with no result (null), when every
   * task of the group is done. Failures and cancellation as in {@link TaskGroup}.
   *
   * <pre>{@code
   * yieldFrom(withTaskGroup(group -> {
   *   group.createTask(fetch("a"));
   *   group.createTask(fetch("b"));
   * }));
   * }</pre>
   */
  public static Co<Void> withTaskGroup(Consumer<? super TaskGroup> body) {
    if (body == null) {
      throw new NullPointerException("body");
    }
    return TaskGroup.run(
        group -> {
          body.accept(group);
          return null;
        });
  }

  // ---------------------------------------------------------------- as completed, shield

  /**
   * One coroutine per distinct awaitable (coroutines run as tasks): the i-th finishes with the
   * outcome of the i-th of them to complete, so awaiting them in order sees results in completion
   * order. After {@code timeoutSeconds} the ones left raise {@link TimeoutException}.
   *
   * @return as many coroutines as distinct awaitables, each finishing with one result (as Object)
   */
  public static List<Co<Object>> asCompleted(Collection<?> awaitables, double timeoutSeconds) {
    if (Double.isNaN(timeoutSeconds)) {
      throw new IllegalArgumentException("timeout is NaN");
    }
    EventLoop loop = Awaitables.loopOf(awaitables);
    Set<Future<?>> todo = new LinkedHashSet<>(Awaitables.toFutures(loop, awaitables));
    return new Completions(loop, todo, timeoutSeconds).awaitables();
  }

  public static List<Co<Object>> asCompleted(Collection<?> awaitables) {
    return asCompleted(awaitables, Double.POSITIVE_INFINITY);
  }

  /**
   * Protects {@code coroutine} (run as a task) from cancellation: cancelling the returned future,
   * or the task awaiting it, leaves the inner task running.
   *
   * @return a future with the coroutine's result, cancelled alone when it is cancelled
   */
  public static <T> Future<T> shield(Gen<?, ?, T> coroutine) {
    return shieldFuture(EventLoop.getRunningLoop().createTask(coroutine));
  }

  public static <T> Future<T> shield(Future<T> future) {
    return shieldFuture(future);
  }

  private static <T> Future<T> shieldFuture(Future<T> inner) {
    if (inner.isDone()) {
      return inner;
    }
    Future<T> outer = inner.loop().createFuture();
    Consumer<Future<T>> innerDone =
        done -> {
          if (outer.isCancelled()) {
            if (!done.isCancelled()) {
              done.exception();
            }
            return;
          }
          Awaitables.transfer(done, outer);
        };
    inner.addDoneCallback(innerDone);
    outer.addDoneCallback(
        done -> {
          if (!inner.isDone()) {
            inner.removeDoneCallback(innerDone);
          }
        });
    return outer;
  }
}
