package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The future {@link Async#gather} returns: done when every child is done, with their results in
 * argument order (turned into {@code R} by {@code finish}: the list itself, a {@link Pair}, ...);
 * unless it returns exceptions, it fails with the first child failure (the other children go
 * on). Cancelling it cancels every child that is not done.
 */
final class Gathering<R> extends Future<R> {
  private final List<Future<?>> children;
  private final boolean returnExceptions;
  private final Function<List<Object>, R> finish;
  /** How many distinct children there are: a future given twice completes once. */
  private int total;
  private int finished;
  private boolean cancelRequested;
  private String cancelMessage;

  private Gathering(
      EventLoop loop,
      List<Future<?>> children,
      boolean returnExceptions,
      Function<List<Object>, R> finish) {
    super(loop);
    this.children = children;
    this.returnExceptions = returnExceptions;
    this.finish = finish;
  }

  /**
   * Gathers {@code children}, which may repeat a future, all of {@code loop}; the result is
   * {@code finish} applied to the unmodifiable list of their results.
   */
  static <R> Gathering<R> of(
      EventLoop loop,
      List<Future<?>> children,
      boolean returnExceptions,
      Function<List<Object>, R> finish) {
    Gathering<R> outer = new Gathering<>(loop, children, returnExceptions, finish);
    Set<Future<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(children);
    outer.total = distinct.size();
    for (Future<?> child : children) {
      if (distinct.remove(child)) {
        child.addDoneCallback(outer::childDone);
      }
    }
    return outer;
  }

  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    boolean cancelledAny = false;
    for (Future<?> child : children) {
      if (child.cancel(message)) {
        cancelledAny = true;
      }
    }
    if (cancelledAny) {
      // The gather ends cancelled once the children have reacted, even if some swallow it.
      cancelRequested = true;
      cancelMessage = message;
    }
    return cancelledAny;
  }

  private void childDone(Future<?> child) {
    finished++;
    if (isDone()) {
      if (!child.isCancelled()) {
        child.exception();
      }
      return;
    }
    if (!returnExceptions) {
      if (child.isCancelled()) {
        completeCancelled(child.cancelMessage());
        return;
      }
      Throwable failure = child.exception();
      if (failure != null) {
        completeWithException(failure);
        return;
      }
    }
    if (finished < total) {
      return;
    }
    if (cancelRequested) {
      completeCancelled(cancelMessage);
      return;
    }
    List<Object> results = new ArrayList<>(children.size());
    for (Future<?> each : children) {
      if (each.isCancelled()) {
        results.add(new CancelledError(each.cancelMessage()));
      } else {
        Throwable failure = each.exception();
        results.add(failure != null ? failure : each.resultNow());
      }
    }
    completeWithResult(finish.apply(Collections.unmodifiableList(results)));
  }
}
