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
  /**
   * The {@link ContextVar} values the callback runs with, taken when it was scheduled (as
   * asyncio's Handle copies the context); what it sets lands here. Null while none was ever set.
   */
  Object contextVars;

  Handle(Runnable callback) {
    this.callback = callback;
    this.argument = null;
    this.contextVars = Context.capture();
  }

  /**
   * A done callback bound to its future, so the future needs no lambda per callback; its context
   * values are the ones taken when the callback was added ({@link Future#addDoneCallback}).
   */
  <A> Handle(Consumer<? super A> callback, A argument, Object contextVars) {
    this.callback = callback;
    this.argument = argument;
    this.contextVars = contextVars;
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
    boolean switchContext = Context.isActive();
    Object previousContext = switchContext ? Context.enter(this) : null;
    try {
      if (c instanceof Runnable runnable) {
        runnable.run();
      } else {
        ((Consumer<Object>) c).accept(argument);
      }
    } finally {
      // Cleared afterwards, not before, so an error report can still name the callback.
      callback = null;
      if (switchContext) {
        Context.leave(previousContext);
      }
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
