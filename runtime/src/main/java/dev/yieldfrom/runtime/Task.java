package dev.yieldfrom.runtime;

/**
 * A future that drives a coroutine on its loop (asyncio's Task). The coroutine starts on the
 * loop's next iteration; each time it awaits a future that is not done, the task sleeps until
 * that future is done and then resumes the coroutine where it stopped.
 *
 * <p>Invariant, as in CPython: while the task is not done, either it waits for exactly one
 * future ({@link #waitingOn}, which has this task among its callbacks) and no step is scheduled,
 * or it waits for nothing and one step is scheduled.
 *
 * <p>The task is its own wake-up callback (the loop runs it directly), so a suspended task costs
 * this object and nothing per suspension. Not thread-safe: use it on its loop's thread;
 * {@link #toCompletableFuture()} gives a thread-safe view.
 */
public class Task<T> extends Future<T> {
  private final Gen<?, ?, T> coroutine;
  /** What most tasks never need, made on first use: a task costs less while it waits. */
  private Extras extras;
  /** In {@link #waitingOn}: the task sleeps on the loop's timer heap (a lean sleep). */
  private static final Object SLEEPING = new Object();
  /**
   * In {@link #waitingOn}: its lean sleep was cancelled, as asyncio cancels the sleep's future.
   * The next step raises {@link CancelledError} whatever {@link #uncancel()} does meanwhile: the
   * cancellation was delivered, not merely requested. A marker, so a sleeping task stays as big.
   */
  private static final Object SLEEP_CANCELLED = new Object();

  /**
   * The future the coroutine waits for, so cancelling the task can cancel it; {@link #SLEEPING}
   * while the task itself is on the loop's timer heap.
   */
  private Object waitingOn;
  /**
   * A lean sleep was cut short (cancelled): its heap entry is still there and must be ignored.
   * Until it is dropped, this task sleeps the ordinary way, so that it has one heap entry at most.
   */
  private boolean staleTimer;
  /** Its timer fired this iteration: the step runs in the next, as after a timer callback. */
  private boolean waking;
  private static final class Extras {
    String name;
    /** A failure to raise in the coroutine at its next step instead of the awaited outcome. */
    Throwable pendingThrow;
    /** The message of a cancellation requested while no awaited future could carry it. */
    String cancelMessage;
    /** The message of the cancellation that ended a lean sleep ({@link #SLEEP_CANCELLED}). */
    String sleepCancelMessage;
    /** Its {@link ContextVar} values: those of its creator, then what it set itself. */
    Object contextVars;
    int cancelRequests;
  }
  private boolean mustCancel;
  /** The loop's list of pending tasks, for {@link EventLoop#allTasks()}: two links, no node. */
  Task<?> previousLive;
  Task<?> nextLive;

  Task(EventLoop loop, Gen<?, ?, T> coroutine, String name) {
    super(loop);
    if (coroutine == null) {
      throw new NullPointerException("coroutine");
    }
    if (coroutine.isStarted()) {
      throw new IllegalArgumentException(
          "a task needs a coroutine that has not started: " + coroutine.getClass().getName());
    }
    this.coroutine = coroutine;
    if (name != null) {
      extras().name = name;
    }
    Object contextVars = Context.capture();
    if (contextVars != null) {
      extras().contextVars = contextVars;
    }
    loop.scheduleTaskStep(this);
    loop.tasks.started(this);
  }

  /** The coroutine this task drives. */
  public final Gen<?, ?, T> coroutine() {
    return coroutine;
  }

  @Override
  final void onDone() {
    loop().tasks.done(this);
  }

  /**
   * Where this task's coroutine waits, innermost frame first (see {@link Gen#suspendedAt()}),
   * followed by what it waits for.
   */
  public final String describeWait() {
    StringBuilder out = new StringBuilder(toString());
    if (waitingOn == SLEEPING) {
      out.append("\n    waiting for sleep");
    } else if (waitingOn == SLEEP_CANCELLED) {
      out.append("\n    waking from a cancelled sleep");
    } else if (waitingOn != null) {
      out.append("\n    waiting for ").append(waitingOn);
    }
    for (StackTraceElement frame : coroutine.suspendedAt()) {
      out.append("\n    at ").append(frame);
    }
    return out.toString();
  }

  /** The task currently running on the running loop of this thread, or null. */
  public static Task<?> current() {
    EventLoop loop = EventLoop.running();
    return loop == null ? null : loop.currentTask();
  }

  /** The name given at creation, or null. */
  public final String name() {
    return extras == null ? null : extras.name;
  }

  /**
   * A task is completed by its coroutine only.
   *
   * @throws IllegalStateException always (asyncio's RuntimeError)
   */
  @Override
  public final void setResult(T value) {
    throw new IllegalStateException("Task does not support setResult");
  }

  /**
   * A task is completed by its coroutine only.
   *
   * @throws IllegalStateException always (asyncio's RuntimeError)
   */
  @Override
  public final void setException(Throwable failure) {
    throw new IllegalStateException("Task does not support setException");
  }

  /**
   * Requests cancellation: a {@link CancelledError} is raised in the coroutine at its suspension
   * point on a later iteration, so its {@code finally} blocks run. The coroutine may catch it and
   * go on, so the task is not necessarily cancelled afterwards. If the task awaits a future or
   * another task, that one is cancelled instead and the error reaches this task through it.
   *
   * @return false if the task was already done
   */
  @Override
  public final boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    extras().cancelRequests++;
    // Keep waitingOn: it may be a task that swallows the cancellation and must be asked again.
    if (waitingOn instanceof Future<?> future && future.cancel(message)) {
      return true;
    }
    if (waitingOn == SLEEPING) {
      // As cancelling the sleep's future would: the task wakes with the error next iteration.
      waitingOn = SLEEP_CANCELLED;
      extras().sleepCancelMessage = message;
      staleTimer = true;
      loop().scheduleTaskStep(this);
      return true;
    }
    mustCancel = true;
    extras().cancelMessage = message;
    return true;
  }

  /** The number of pending cancellation requests: incremented by cancel, decremented by uncancel. */
  public final int cancelling() {
    return extras == null ? 0 : extras.cancelRequests;
  }

  /**
   * Withdraws one cancellation request, for code (a timeout, a task group) that caught its own
   * cancellation and goes on. Returns the number of requests left.
   */
  public final int uncancel() {
    if (extras == null) {
      return 0;
    }
    if (extras.cancelRequests > 0) {
      extras.cancelRequests--;
      if (extras.cancelRequests == 0) {
        mustCancel = false;
      }
    }
    return extras.cancelRequests;
  }

  /** Whether the coroutine has run at least once. */
  public final boolean isStarted() {
    return coroutine.isStarted();
  }

  /** One step, run by the loop: resume the coroutine until it suspends or finishes. */
  final void step() {
    if (isDone()) {
      return;
    }
    Throwable thrown = null;
    if (extras != null) {
      thrown = extras.pendingThrow;
      extras.pendingThrow = null;
    }
    if (waitingOn == SLEEP_CANCELLED) {
      thrown = new CancelledError(extras.sleepCancelMessage);
      extras.sleepCancelMessage = null;
    }
    if (mustCancel) {
      mustCancel = false;
      if (!(thrown instanceof CancelledError)) {
        thrown = new CancelledError(extras().cancelMessage);
      }
    }
    waitingOn = null;
    EventLoop loop = loop();
    Task<?> previous = loop.tasks.enter(this);
    boolean switchContext = Context.isActive();
    Object previousContext = switchContext ? Context.enter(this) : null;
    Object yielded;
    try {
      yielded = coroutine.step(null, thrown, false, !staleTimer);
    } catch (CancelledError cancelled) {
      // As asyncio's: cleanup that raises while the cancellation unwinds ends the task with that.
      Throwable raised = Gen.raisedInCleanup(cancelled);
      if (raised != null) {
        completeWithException(raised);
      } else {
        completeCancelled(cancelled.getMessage());
      }
      return;
    } catch (VirtualMachineError fatal) {
      completeWithException(fatal);
      throw fatal;
    } catch (Throwable failure) {
      completeWithException(failure);
      return;
    } finally {
      loop.tasks.leave(previous);
      if (switchContext) {
        Context.leave(previousContext);
      }
    }
    if (yielded == Signal.FINISHED) {
      if (mustCancel) {
        // Cancelled after the coroutine's last suspension: the request still wins.
        mustCancel = false;
        completeCancelled(extras().cancelMessage);
      } else {
        completeWithResult(coroutine.result());
      }
    } else if (yielded instanceof Future<?> future && coroutine.isSuspendedOn(future)) {
      if (future.loop() != loop) {
        retryWith(
            new IllegalStateException(
                "Task " + this + " got Future " + future + " attached to a different loop"));
      } else if (future == this) {
        retryWith(new IllegalStateException("Task cannot await on itself: " + this));
      } else {
        waitingOn = future;
        future.addCallback(this);
        if (mustCancel && future.cancel(extras().cancelMessage)) {
          mustCancel = false;
        }
      }
    } else if (yielded instanceof Sleep<?> sleep && coroutine.isSuspendedInSleep()) {
      if (mustCancel || sleep.delay() <= 0) {
        // Cancelled during this step: the sleep ends at once with the error, next iteration.
        // A delay of zero or less is a bare yield.
        loop.scheduleTaskStep(this);
      } else {
        waitingOn = SLEEPING;
        loop.sleepUntil(this, loop.time() + sleep.delay());
      }
    } else if (yielded == null) {
      // A bare yield gives the other callbacks one iteration.
      loop.scheduleTaskStep(this);
    } else {
      retryWith(
          new IllegalStateException(
              "Task got bad yield: "
                  + yielded
                  + " (a coroutine run by a task may only await; use yieldFrom, not yieldValue)"));
    }
  }

  // ---------------------------------------------------------------- for the loop

  /** In the loop's batch: a step, unless its timer woke it this iteration (it steps in the next). */
  @Override
  final void runOnLoop(EventLoop loop) {
    if (waking) {
      waking = false;
      loop.scheduleTaskStep(this);
    } else {
      step();
    }
  }

  /** Whether this task's entry on the timer heap no longer stands for a sleep (see staleTimer). */
  @Override
  final boolean isStaleTimer() {
    return staleTimer || waitingOn != SLEEPING;
  }

  @Override
  final void timerDropped(TimerHeap heap) {
    staleTimer = false;
  }

  /**
   * The timer of its lean sleep fired: it no longer waits; as after a timer callback that
   * completes a sleep, its step runs on the next iteration.
   */
  @Override
  final void timerFired() {
    waitingOn = null;
    waking = true;
  }

  /** Its {@link ContextVar} values, for {@link Context}; null for none. */
  final Object contextVars() {
    return extras == null ? null : extras.contextVars;
  }

  final void setContextVars(Object vars) {
    if (vars != null || extras != null) {
      extras().contextVars = vars;
    }
  }

  private Extras extras() {
    if (extras == null) {
      extras = new Extras();
    }
    return extras;
  }

  private void retryWith(Throwable failure) {
    extras().pendingThrow = failure;
    loop().scheduleTaskStep(this);
  }

  @Override
  public String toString() {
    return "Task<"
        + (name() != null ? name() + " " : "")
        + describeState()
        + " coro="
        + coroutine.getClass().getName()
        + ">";
  }
}
