package dev.yieldfrom.runtime;

/**
 * Where the current {@link ContextVar} values are kept and replaced: a task, a running handle,
 * or a {@link Context} (entered, or a thread's own). Tokens remember it to check a reset.
 */
abstract class ContextValues {
  /** The immutable map of values, or null for none. */
  abstract Object vars();

  abstract void setVars(Object vars);

  /** The task, handle or Context itself: two views of one are the same context. */
  abstract Object identity();

  final boolean isSameContext(ContextValues other) {
    return identity() == other.identity();
  }

  static final class OfTask extends ContextValues {
    private final Task<?> task;

    OfTask(Task<?> task) {
      this.task = task;
    }

    @Override
    Object vars() {
      return task.contextVars();
    }

    @Override
    void setVars(Object vars) {
      task.setContextVars(vars);
    }

    @Override
    Object identity() {
      return task;
    }
  }

  static final class OfHandle extends ContextValues {
    private final Handle handle;

    OfHandle(Handle handle) {
      this.handle = handle;
    }

    @Override
    Object vars() {
      return handle.contextVars;
    }

    @Override
    void setVars(Object vars) {
      handle.contextVars = vars;
    }

    @Override
    Object identity() {
      return handle;
    }
  }
}
