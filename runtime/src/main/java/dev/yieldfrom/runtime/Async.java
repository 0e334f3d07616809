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
    return new Sleep<>(EventLoop.seconds(duration), null);
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
   * Runs {@code awaitables} concurrently (coroutines as tasks) and completes with their results
   * as a list in argument order. The first failure fails the gather at once (the others go on
   * running); cancelling the gather cancels every child still running.
   */
  public static Future<List<Object>> gather(Object... awaitables) {
    return gather(Arrays.asList(awaitables), false);
  }

  /**
   * Like {@link #gather(Object...)}; with {@code returnExceptions}, a failed child's exception (a
   * {@link CancelledError} for a cancelled one) takes its place in the results instead.
   */
  public static Future<List<Object>> gather(Collection<?> awaitables, boolean returnExceptions) {
    if (awaitables.isEmpty()) {
      Future<List<Object>> none = EventLoop.getRunningLoop().createFuture();
      none.setResult(List.of());
      return none;
    }
    EventLoop loop = Awaitables.loopOf(awaitables);
    return Gathering.of(loop, Awaitables.toFutures(loop, awaitables), returnExceptions);
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
   * @throws IllegalArgumentException if {@code futures} is empty
   */
  public static <F extends Future<?>> Co<Waited<F>> waitUntil(
      Collection<F> futures, ReturnWhen when, double timeoutSeconds) {
    return new WaitFor<>(futures, when, timeoutSeconds);
  }

  private static final class WaitFor<F extends Future<?>> extends Co<Waited<F>> {
    private final Set<F> futures;
    private final ReturnWhen when;
    private final double timeout;
    private Future<Void> waiter;
    private TimerHandle timer;
    private Consumer<Future<?>> onCompletion;
    private int remaining;

    WaitFor(Collection<F> futures, ReturnWhen when, double timeout) {
      if (futures.isEmpty()) {
        throw new IllegalArgumentException("Set of Futures is empty.");
      }
      if (when == null) {
        throw new NullPointerException("when");
      }
      if (Double.isNaN(timeout)) {
        throw new IllegalArgumentException("timeout is NaN");
      }
      this.futures = new LinkedHashSet<>(futures);
      this.when = when;
      this.timeout = timeout;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          EventLoop loop = EventLoop.getRunningLoop();
          waiter = loop.createFuture();
          if (timeout != Double.POSITIVE_INFINITY) {
            timer = loop.callLater(timeout, this::release);
          }
          remaining = futures.size();
          onCompletion = this::completed;
          for (F future : futures) {
            future.addDoneCallback(onCompletion);
          }
          state = 1;
          return delegate(waiter);
        case 1:
          state = 2;
          if (timer != null) {
            timer.cancel();
          }
          for (F future : futures) {
            future.removeDoneCallback(onCompletion);
          }
          if (thrown != null) {
            throw thrown;
          }
          Set<F> done = new LinkedHashSet<>();
          Set<F> pending = new LinkedHashSet<>();
          for (F future : futures) {
            (future.isDone() ? done : pending).add(future);
          }
          return returnValue(new Waited<>(done, pending));
        default:
          throw new IllegalStateException("wait resumed after it finished");
      }
    }

    private void completed(Future<?> future) {
      remaining--;
      if (remaining <= 0
          || when == ReturnWhen.FIRST_COMPLETED
          || (when == ReturnWhen.FIRST_EXCEPTION
              && !future.isCancelled()
              && future.exception() != null)) {
        release();
      }
    }

    private void release() {
      if (timer != null) {
        timer.cancel();
      }
      if (!waiter.isDone()) {
        waiter.setResult(null);
      }
    }
  }

  // ---------------------------------------------------------------- timeouts

  /**
   * Awaits {@code coroutine} for at most {@code timeoutSeconds}: on timeout it is cancelled (its
   * {@code finally} blocks run) and {@link TimeoutException} is raised. The coroutine runs inside
   * the calling task, as in Python 3.12; a timeout of 0 or less cancels it before it starts.
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
    return timeout(EventLoop.seconds(delay), body);
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
   * returns the coroutine (or future) the block awaits; the block ends when that and every task
   * of the group are done. See {@link TaskGroup} for failures and cancellation.
   */
  public static <T> Co<T> taskGroup(Function<? super TaskGroup, ? extends Gen<?, ?, ? extends T>> body) {
    return TaskGroup.run(body);
  }

  // ---------------------------------------------------------------- as completed, shield

  /**
   * One coroutine per distinct awaitable (coroutines run as tasks): the i-th finishes with the
   * outcome of the i-th of them to complete, so awaiting them in order sees results in completion
   * order. After {@code timeoutSeconds} the ones left raise {@link TimeoutException}.
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

  /** The shared state of one asCompleted call. */
  private static final class Completions {
    /** Done futures in completion order; {@link #TIMED_OUT} for each one the timeout gave up on. */
    private final ArrayDeque<Object> completed = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();
    private final Set<Future<?>> todo;
    private final EventLoop loop;
    private final int count;
    private final Consumer<Future<?>> onCompletion = this::completed;
    private TimerHandle timer;
    private static final Object TIMED_OUT = new Object();

    Completions(EventLoop loop, Set<Future<?>> todo, double timeout) {
      this.loop = loop;
      this.todo = todo;
      this.count = todo.size();
      for (Future<?> future : todo) {
        future.addDoneCallback(onCompletion);
      }
      if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
        timer = loop.callLater(timeout, this::timedOut);
      }
    }

    List<Co<Object>> awaitables() {
      List<Co<Object>> next = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        next.add(new NextCompleted());
      }
      return next;
    }

    private void completed(Future<?> future) {
      if (!todo.remove(future)) {
        return;
      }
      push(future);
      if (todo.isEmpty() && timer != null) {
        timer.cancel();
      }
    }

    private void timedOut() {
      for (Future<?> future : todo) {
        future.removeDoneCallback(onCompletion);
        push(TIMED_OUT);
      }
      todo.clear();
    }

    private void push(Object outcome) {
      completed.addLast(outcome);
      while (!waiters.isEmpty()) {
        Future<Void> waiter = waiters.pollFirst();
        if (!waiter.isDone()) {
          waiter.setResult(null);
          break;
        }
      }
    }

    private final class NextCompleted extends Co<Object> {
      private Future<Void> waiter;

      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (thrown != null) {
          waiters.remove(waiter);
          throw thrown;
        }
        if (completed.isEmpty()) {
          waiter = loop.createFuture();
          waiters.addLast(waiter);
          return delegate(waiter);
        }
        Object outcome = completed.pollFirst();
        if (outcome == TIMED_OUT) {
          throw new TimeoutException("timed out");
        }
        return returnValue(((Future<?>) outcome).result());
      }
    }
  }

  /**
   * Protects {@code coroutine} (run as a task) from cancellation: cancelling the returned future,
   * or the task awaiting it, leaves the inner task running.
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
