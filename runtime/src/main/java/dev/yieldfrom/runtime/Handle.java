package dev.yieldfrom.runtime;

import java.util.function.Consumer;

/**
 * A callback scheduled on an {@link EventLoop} (asyncio's Handle). Cancelling it before it runs
 * keeps it from running.
 *
 * <p>Like the loop, a handle belongs to the loop's thread: cancel it from there (from another
 * thread, schedule the cancellation with {@link EventLoop#callSoonThreadsafe}).
 */
public class Handle extends LoopCallback {
  /** A Runnable, or a Consumer applied to {@link #argument}; null once run or cancelled. */
  private Object callback;
  private final Object argument;
  private boolean cancelled;

  Handle(Runnable callback) {
    this.callback = callback;
    this.argument = null;
  }

  /** A done callback bound to its future, so the future needs no lambda per callback. */
  <A> Handle(Consumer<? super A> callback, A argument) {
    this.callback = callback;
    this.argument = argument;
  }

  /** Keeps the callback from running, if it has not run yet; does nothing otherwise. */
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      callback = null;
    }
  }

  public final boolean isCancelled() {
    return cancelled;
  }

  /** Runs the callback unless cancelled; only the loop calls this, at most once. */
  @SuppressWarnings("unchecked")
  final void run() {
    Object c = callback;
    if (c == null) {
      return;
    }
    try {
      if (c instanceof Runnable runnable) {
        runnable.run();
      } else {
        ((Consumer<Object>) c).accept(argument);
      }
    } finally {
      // Cleared afterwards, not before, so an error report can still name the callback.
      callback = null;
    }
  }

  /** As an entry of the loop's batch: runs, and hands an exception to the exception handler. */
  @Override
  final void runOnLoop(EventLoop loop) {
    try {
      run();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      loop.callExceptionHandler(
          new ExceptionContext("Exception in callback " + this, failure, null, this));
    }
  }

  /** What the callback is, for log messages about it. */
  String describeCallback() {
    Object c = callback;
    return c == null ? "<done>" : c.getClass().getName();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "<" + (cancelled ? "cancelled" : describeCallback()) + ">";
  }
}
