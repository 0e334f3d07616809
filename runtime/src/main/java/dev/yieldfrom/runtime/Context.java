package dev.yieldfrom.runtime;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A snapshot of every {@link ContextVar}'s value, as Python's {@code contextvars.Context}:
 * {@link #copyCurrent()} takes one, {@link #run} and {@link #call} run code in it. What that code
 * sets stays in this context. The runtime takes these snapshots itself for each new task, each
 * scheduled callback and each executor job; call it for work handed to threads of your own.
 *
 * <p>Where the values live: a running task's in the task, a running callback's in its handle,
 * otherwise the thread's. The values are an immutable map, replaced on each set, so a snapshot is
 * one reference; nothing is kept or copied at all until the JVM's first {@link ContextVar#set}.
 */
public final class Context extends ContextValues {
  /** A variable's lookup result when it has no value. */
  static final Object MISSING = new Object();
  /** False until the first set: until then tasks, handles and jobs carry and switch nothing. */
  private static volatile boolean active;
  /** The task, handle or entered Context whose values are current on this thread, if any. */
  private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();
  /** The values of a thread outside any task, callback or entered Context. */
  private static final ThreadLocal<Context> THREAD_VALUES = ThreadLocal.withInitial(Context::new);

  /** An immutable identity map from ContextVar to value, or null for none. */
  private Object vars;
  private boolean entered;

  private Context() {}

  private Context(Object vars) {
    this.vars = vars;
  }

  /** A copy of the current context (Python's {@code copy_context()}). */
  public static Context copyCurrent() {
    return new Context(currentVars());
  }

  /**
   * Runs {@code action} with this context current, then restores the previous one.
   *
   * @throws IllegalStateException if this context is already entered (asyncio's RuntimeError)
   */
  public void run(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }

  /** Like {@link #run}, returning what {@code job} returns and throwing what it throws. */
  public <T> T call(Callable<T> job) {
    if (entered) {
      throw new IllegalStateException("cannot enter context: " + this + " is already entered");
    }
    active = true;
    entered = true;
    Object previous = enter(this);
    try {
      return job.call();
    } catch (Exception failure) {
      throw Gen.sneaky(failure);
    } finally {
      leave(previous);
      entered = false;
    }
  }

  @Override
  public String toString() {
    return "Context<" + (vars == null ? 0 : ((Map<?, ?>) vars).size()) + " vars>";
  }

  // ---------------------------------------------------------------- for the runtime

  /** Whether any context variable was ever set (or a Context entered) in this JVM. */
  static boolean isActive() {
    return active;
  }

  /** The current values to hand to a new task, handle or job: null while none was ever set. */
  static Object capture() {
    return active ? currentVars() : null;
  }

  /** Makes {@code owner} (a task, handle or Context) current; returns what was current. */
  static Object enter(Object owner) {
    Object previous = CURRENT.get();
    CURRENT.set(owner);
    return previous;
  }

  static void leave(Object previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** {@code job} run with the current values, for an executor thread. */
  static <T> Callable<T> bind(Callable<T> job) {
    Object captured = capture();
    if (captured == null) {
      return job;
    }
    return () -> new Context(captured).call(job);
  }

  static Object currentVars() {
    Object owner = currentOwnerObject();
    if (owner instanceof Task<?> task) {
      return task.contextVars();
    }
    if (owner instanceof Handle handle) {
      return handle.contextVars;
    }
    return ((Context) owner).vars;
  }

  static ContextValues currentOwner() {
    active = true;
    Object owner = currentOwnerObject();
    if (owner instanceof Task<?> task) {
      return new ContextValues.OfTask(task);
    }
    if (owner instanceof Handle handle) {
      return new ContextValues.OfHandle(handle);
    }
    return (Context) owner;
  }

  private static Object currentOwnerObject() {
    Object owner = CURRENT.get();
    if (owner != null) {
      return owner;
    }
    // A task stepping before the first set (so it did not enter itself) still owns its values.
    EventLoop loop = EventLoop.running();
    Task<?> task = loop == null ? null : loop.currentTask();
    return task != null ? task : THREAD_VALUES.get();
  }

  static Object lookup(Object vars, ContextVar<?> variable) {
    if (vars == null) {
      return MISSING;
    }
    Map<?, ?> map = (Map<?, ?>) vars;
    Object value = map.get(variable);
    return value != null || map.containsKey(variable) ? value : MISSING;
  }

  static Object with(Object vars, ContextVar<?> variable, Object value) {
    Map<ContextVar<?>, Object> copy = copy(vars);
    copy.put(variable, value);
    return copy;
  }

  static Object without(Object vars, ContextVar<?> variable) {
    Map<ContextVar<?>, Object> copy = copy(vars);
    copy.remove(variable);
    return copy.isEmpty() ? null : copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<ContextVar<?>, Object> copy(Object vars) {
    return vars == null
        ? new IdentityHashMap<>(4)
        : new IdentityHashMap<>((Map<ContextVar<?>, Object>) vars);
  }

  @Override
  Object vars() {
    return vars;
  }

  @Override
  void setVars(Object vars) {
    this.vars = vars;
  }

  @Override
  Object identity() {
    return this;
  }
}
