package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Structured concurrency (Python 3.11's {@code asyncio.TaskGroup}): the tasks created in a group
 * all finish before the block that owns the group ends. Use it through
 * {@link Async#withTaskGroup} (the body, a lambda, only creates tasks) or {@link Async#taskGroup}
 * (the body also returns a coroutine the block awaits, as the statements inside Python's
 * {@code async with} block would run):
 *
 * <pre>{@code
 * yieldFrom(withTaskGroup(group -> {
 *   group.createTask(fetch("a"));
 *   group.createTask(fetch("b"));
 * }));
 * }</pre>
 *
 * <p>A lambda cannot suspend (the processor rejects a {@code yieldFrom} inside one), which is why
 * the body hands back what the block awaits instead of awaiting it itself.
 *
 * <p>When a child fails (with anything but a {@link CancelledError}), the group cancels the other
 * children and the body, waits for them all, and raises an {@link ExceptionGroup} with every
 * failure, the body's last. When the task running the group is cancelled from outside, the
 * children are cancelled too and the cancellation propagates once they are done.
 */
public final class TaskGroup {
  private boolean entered;
  private boolean exiting;
  private boolean aborting;
  private boolean parentCancelRequested;
  private EventLoop loop;
  private Task<?> parentTask;
  private final Set<Task<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private Future<Void> allDone;
  private final Consumer<Future<?>> onTaskDone = this::taskDone;

  private TaskGroup() {}

  static <T> Co<T> run(Function<? super TaskGroup, ?> body) {
    if (body == null) {
      throw new NullPointerException("body");
    }
    return new TaskGroup().new Block<T>(body);
  }

  public <T> Task<T> createTask(Gen<?, ?, T> coroutine) {
    return createTask(coroutine, null);
  }

  /**
   * Creates a task in this group.
   *
   * @throws IllegalStateException if the group has finished or is shutting down after a failure
   *     or cancellation; the coroutine is closed, as it will never run
   */
  public <T> Task<T> createTask(Gen<?, ?, T> coroutine, String name) {
    String refusal =
        !entered
            ? "TaskGroup has not been entered"
            : exiting && tasks.isEmpty()
                ? "TaskGroup is finished"
                : aborting ? "TaskGroup is shutting down" : null;
    if (refusal != null) {
      coroutine.close();
      throw new IllegalStateException(refusal);
    }
    Task<T> task = loop.createTask(coroutine, name);
    tasks.add(task);
    task.addDoneCallback(onTaskDone);
    return task;
  }

  private void abort() {
    aborting = true;
    for (Task<?> task : tasks) {
      if (!task.isDone()) {
        task.cancel();
      }
    }
  }

  private void taskDone(Future<?> task) {
    tasks.remove(task);
    if (allDone != null && tasks.isEmpty() && !allDone.isDone()) {
      allDone.setResult(null);
    }
    if (task.isCancelled()) {
      return;
    }
    Throwable failure = task.exception();
    if (failure == null) {
      return;
    }
    errors.add(failure);
    if (parentTask.isDone()) {
      loop.callExceptionHandler(
          new ExceptionContext(
              "Task " + task + " has errored out but its parent task " + parentTask + " is already completed",
              failure,
              task,
              null));
      return;
    }
    if (!aborting && !parentCancelRequested) {
      // Interrupt the body where it waits; the cancellation is taken back when the block exits.
      abort();
      parentCancelRequested = true;
      parentTask.cancel();
    }
  }

  @Override
  public String toString() {
    return "TaskGroup<tasks="
        + tasks.size()
        + (errors.isEmpty() ? "" : " errors=" + errors.size())
        + (aborting ? " cancelling" : entered ? " entered" : "")
        + ">";
  }

  /** The block: enters the group, runs the body, then waits for every child. */
  private final class Block<T> extends Co<T> {
    private final Function<? super TaskGroup, ?> body;
    private Object bodyResult;
    private Throwable bodyFailure;
    private Throwable propagateCancellation;
    private Throwable pendingCancellation;

    Block(Function<? super TaskGroup, ?> body) {
      this.body = body;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          loop = EventLoop.getRunningLoop();
          parentTask = loop.currentTask();
          if (parentTask == null) {
            throw new IllegalStateException("TaskGroup cannot determine the parent task");
          }
          entered = true;
          state = 1;
          Object awaited;
          try {
            awaited = body.apply(TaskGroup.this);
          } catch (Throwable failure) {
            return bodyFinished(null, failure);
          }
          if (awaited == null) {
            return bodyFinished(null, null); // the body only started tasks
          }
          return delegate(awaited);
        case 1:
          return bodyFinished(sent, thrown);
        case 2:
          if (thrown instanceof CancelledError cancelled) {
            pendingCancellation = cancelled;
            if (!aborting) {
              // The task running the group is cancelled from outside while children run.
              propagateCancellation = cancelled;
              abort();
            }
          } else if (thrown != null) {
            throw thrown;
          }
          allDone = null;
          return awaitChildren();
        default:
          throw new IllegalStateException("TaskGroup block resumed after it finished");
      }
    }

    private Object bodyFinished(Object result, Throwable failure) throws Throwable {
      exiting = true;
      bodyResult = result;
      bodyFailure = failure;
      if (failure instanceof CancelledError) {
        propagateCancellation = failure;
      }
      if (failure != null && !aborting) {
        abort();
      }
      return awaitChildren();
    }

    private Object awaitChildren() throws Throwable {
      if (!tasks.isEmpty()) {
        allDone = loop.createFuture();
        state = 2;
        return delegate(allDone);
      }
      state = 3;
      if (parentCancelRequested) {
        if (parentTask.uncancel() == 0) {
          propagateCancellation = null;
        } else if (propagateCancellation == null) {
          // A cancellation that is not the group's own must not be dropped.
          propagateCancellation = pendingCancellation;
        }
      }
      if (propagateCancellation != null && errors.isEmpty()) {
        throw propagateCancellation;
      }
      if (bodyFailure != null && !(bodyFailure instanceof CancelledError)) {
        errors.add(bodyFailure);
      }
      if (!errors.isEmpty()) {
        if (parentTask.cancelling() > 0) {
          // Cancelled from outside as well: keep the request count stable for that canceller.
          parentTask.uncancel();
          parentTask.cancel();
        }
        throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
      }
      return returnValue(bodyResult);
    }
  }
}
