package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A hand-written coroutine built from steps, standing in for what the annotation processor
 * generates: synchronous actions, awaits (each may rescue one exception type, like a catch around
 * that await), finally blocks that run however the coroutine ends, and a return value.
 */
public final class Script<T> extends Co<T> {
  /** Synchronous code of a step; may throw anything, like a coroutine body. */
  @FunctionalInterface
  public interface Action {
    void run() throws Throwable;
  }

  private record Step(
      Action action,
      Supplier<?> awaitable,
      Consumer<Object> onResult,
      Class<? extends Throwable> rescued,
      Consumer<Throwable> rescue) {}

  private final List<Step> steps = new ArrayList<>();
  private final List<Runnable> finallyBlocks = new ArrayList<>();
  private Supplier<? extends T> result = () -> null;
  private boolean finallyRan;

  public static <T> Script<T> script() {
    return new Script<>();
  }

  public Script<T> run(Action action) {
    steps.add(new Step(action, null, null, null, null));
    return this;
  }

  /** Awaits what {@code awaitable} supplies when the step is reached; ignores the result. */
  public Script<T> await(Supplier<?> awaitable) {
    return await(awaitable, null);
  }

  public Script<T> await(Supplier<?> awaitable, Consumer<Object> onResult) {
    steps.add(new Step(null, awaitable, onResult, null, null));
    return this;
  }

  /** Catches {@code type} raised by the preceding await; the script then goes on. */
  public Script<T> rescue(Class<? extends Throwable> type, Consumer<Throwable> handler) {
    Step last = steps.remove(steps.size() - 1);
    if (last.awaitable() == null) {
      throw new IllegalStateException("rescue must follow an await");
    }
    steps.add(new Step(null, last.awaitable(), last.onResult(), type, handler));
    return this;
  }

  /** A finally block around the whole script. */
  public Script<T> ensure(Runnable block) {
    finallyBlocks.add(block);
    return this;
  }

  public Script<T> returns(Supplier<? extends T> value) {
    result = value;
    return this;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    try {
      int next = state;
      if (next > 0) {
        Step awaited = steps.get(next - 1);
        if (thrown != null) {
          if (awaited.rescued() == null || !awaited.rescued().isInstance(thrown)) {
            throw thrown;
          }
          awaited.rescue().accept(thrown);
        } else if (awaited.onResult() != null) {
          awaited.onResult().accept(sent);
        }
      }
      for (; next < steps.size(); next++) {
        Step step = steps.get(next);
        if (step.awaitable() != null) {
          state = next + 1;
          return delegate(step.awaitable().get());
        }
        step.action().run();
      }
      T value = result.get();
      runFinally();
      return returnValue(value);
    } catch (Throwable failure) {
      runFinally();
      throw failure;
    }
  }

  private void runFinally() {
    if (!finallyRan) {
      finallyRan = true;
      finallyBlocks.forEach(Runnable::run);
    }
  }
}
