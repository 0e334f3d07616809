package dev.yieldfrom.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The shared state of one asCompleted call. */
final class Completions {
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
