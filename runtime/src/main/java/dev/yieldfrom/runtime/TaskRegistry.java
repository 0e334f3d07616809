package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A loop's tasks: those not done yet (asyncio's {@code all_tasks}), the one running now, and in
 * debug mode where each was created, to report the tasks still pending when the loop closes.
 * Loop thread only.
 */
final class TaskRegistry {
  /** Head of the intrusive list of tasks not done yet, newest first: two links per task, no node. */
  private Task<?> liveTasks;
  private Task<?> currentTask;
  /** In debug mode: each task created, with the stack where it was created. */
  private Map<Task<?>, CreationSite> createdTasks;

  Task<?> current() {
    return currentTask;
  }

  /** Makes {@code task} the current one; returns the one it replaces, for {@link #leave}. */
  Task<?> enter(Task<?> task) {
    Task<?> previous = currentTask;
    currentTask = task;
    return previous;
  }

  void leave(Task<?> previous) {
    currentTask = previous;
  }

  /** A task was made: it is live until {@link #done}. */
  void started(Task<?> task) {
    task.nextLive = liveTasks;
    if (liveTasks != null) {
      liveTasks.previousLive = task;
    }
    liveTasks = task;
  }

  void done(Task<?> task) {
    if (task.previousLive != null) {
      task.previousLive.nextLive = task.nextLive;
    } else if (liveTasks == task) {
      liveTasks = task.nextLive;
    }
    if (task.nextLive != null) {
      task.nextLive.previousLive = task.previousLive;
    }
    task.previousLive = null;
    task.nextLive = null;
  }

  /** See {@link EventLoop#allTasks()}. */
  List<Task<?>> all() {
    List<Task<?>> tasks = new ArrayList<>();
    for (Task<?> task = liveTasks; task != null; task = task.nextLive) {
      tasks.add(task);
    }
    Collections.reverse(tasks);
    return tasks;
  }

  /** See {@link EventLoop#dumpTasks()}. */
  String dump() {
    StringBuilder out = new StringBuilder();
    List<Task<?>> tasks = all();
    out.append(tasks.size()).append(tasks.size() == 1 ? " pending task" : " pending tasks");
    for (Task<?> task : tasks) {
      out.append("\n  ").append(task.describeWait());
    }
    return out.toString();
  }

  /** Debug mode: remembers where {@code task} was created, in case it never runs. */
  void recordCreation(Task<?> task) {
    if (createdTasks == null) {
      createdTasks = new WeakHashMap<>();
    }
    createdTasks.put(task, new CreationSite());
  }

  /** Where a task was created: reported if it never runs. */
  private static final class CreationSite extends Throwable {
    private static final long serialVersionUID = 1L;

    CreationSite() {
      super("the task was created here");
    }
  }

  /**
   * The loop is closing: reports every task still pending, oldest first (asyncio's "Task was
   * destroyed but it is pending!"), in debug mode with where it was created.
   */
  void reportPending(LoopDiagnostics diagnostics) {
    for (Task<?> task : all()) {
      CreationSite site = createdTasks == null ? null : createdTasks.get(task);
      if (task.isStarted()) {
        diagnostics.callExceptionHandler(
            new ExceptionContext(
                "Task was destroyed but it is pending: the loop closed before it finished",
                null,
                task,
                null));
      } else {
        diagnostics.callExceptionHandler(
            new ExceptionContext(
                "coroutine "
                    + task.coroutine().getClass().getName()
                    + " was never run: its task was created but the loop closed first",
                site,
                task,
                null));
      }
    }
    createdTasks = null;
  }
}
