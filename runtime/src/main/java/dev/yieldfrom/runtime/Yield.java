package dev.yieldfrom.runtime;

/**
 * The suspension helpers a {@code @Coroutine} template body is written with. Import them
 * statically: {@code import static dev.yieldfrom.runtime.Yield.*;}
 *
 * <p>They are markers for the annotation processor, which replaces each call with a suspension
 * point of the generated state machine. A template method is never meant to run: these helpers
 * fail when called from one, naming the generated factory to call instead. The exception is a
 * testing aid of the processor's tests (reference mode), which runs a template body as plain Java
 * on a thread of its own, where these helpers suspend that thread (see {@link #interpreters}).
 */
public final class Yield {
  private Yield() {}

  /**
   * What the helpers do inside a template body that runs as plain Java: the interpretation of one
   * template call, on the thread running it.
   */
  interface TemplateInterpreter {
    Object yieldFrom(Gen<?, ?, ?> coroutine);

    /** {@code yieldFrom} of a Future or CompletionStage. */
    Object await(Object awaitable);

    Object yieldValue(Object value);

    Gen<?, ?, ?> done(Object value);
  }

  /**
   * The seam for a testing aid that runs template bodies as plain Java: installed by it, the
   * interpreter of the body running on each thread. Null in production, where a helper reads it
   * and fails.
   */
  static volatile ThreadLocal<? extends TemplateInterpreter> interpreters;

  private static TemplateInterpreter interpreter() {
    ThreadLocal<? extends TemplateInterpreter> installed = interpreters;
    return installed == null ? null : installed.get();
  }

  /**
   * Delegates to {@code coroutine} (Python's {@code yield from}): runs it to completion, passing
   * its yields up and the values sent in down, and evaluates to its return value.
   */
  @SuppressWarnings("unchecked")
  public static <T> T yieldFrom(Gen<?, ?, T> coroutine) {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (T) reference.yieldFrom(coroutine);
    }
    throw outsideCoroutine("yieldFrom");
  }

  /** Suspends until {@code future} is done and evaluates to its result, or throws its exception. */
  @SuppressWarnings("unchecked")
  public static <T> T yieldFrom(Future<T> future) {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (T) reference.await(future);
    }
    throw outsideCoroutine("yieldFrom");
  }

  /**
   * Suspends until {@code stage} completes (on the running event loop, which is woken from the
   * completing thread) and evaluates to its result, or throws its exception, unwrapped from a
   * {@link java.util.concurrent.CompletionException}. Cancelling the awaiting task cancels
   * {@code stage} if it is a {@link java.util.concurrent.Future}.
   */
  @SuppressWarnings("unchecked")
  public static <T> T yieldFrom(java.util.concurrent.CompletionStage<T> stage) {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (T) reference.await(stage);
    }
    throw outsideCoroutine("yieldFrom");
  }

  /**
   * Yields {@code value} to whoever drives this generator and evaluates to the value sent back
   * (Python's {@code x = yield value}); null when resumed with {@code next()}.
   */
  @SuppressWarnings("unchecked")
  public static <S> S yieldValue(Object value) {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (S) reference.yieldValue(value);
    }
    throw outsideCoroutine("yieldValue");
  }

  /** Ends the coroutine with {@code value}: write {@code return done(value);}. */
  @SuppressWarnings("unchecked")
  public static <G extends Gen<?, ?, R>, R> G done(R value) {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (G) reference.done(value);
    }
    throw outsideCoroutine("done");
  }

  /** Ends a coroutine that has no value ({@code Co<Void>}): write {@code return done();}. */
  @SuppressWarnings("unchecked")
  public static <G extends Gen<?, ?, ?>> G done() {
    TemplateInterpreter reference = interpreter();
    if (reference != null) {
      return (G) reference.done(null);
    }
    throw outsideCoroutine("done");
  }

  private static IllegalStateException outsideCoroutine(String helper) {
    StackWalker.StackFrame template =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(s -> s.filter(f -> f.getDeclaringClass() != Yield.class).findFirst())
            .orElse(null);
    if (template == null) {
      return new IllegalStateException(helper + "() can only be used inside a @Coroutine method");
    }
    Class<?> owner = template.getDeclaringClass();
    if (owner.isLocalClass() || owner.isAnonymousClass()) {
      return new IllegalStateException(
          helper
              + "() ran inside "
              + template.getMethodName()
              + "() of a local or anonymous class: @Coroutine methods must be declared in a"
              + " top-level or member class, where the processor can generate their factories");
    }
    String companion = companionName(owner);
    return new IllegalStateException(
        helper
            + "() ran inside the template "
            + owner.getSimpleName()
            + "."
            + template.getMethodName()
            + "(): a @Coroutine method is a template for generated code and must not be called"
            + " directly. Call "
            + companion
            + "."
            + template.getMethodName()
            + "(...) to create the coroutine, or call it from another @Coroutine body. If "
            + companion
            + " does not exist, the yieldfrom processor did not run: add it to the compiler's"
            + " annotation processor path.");
  }

  /** The simple name of the generated companion of {@code owner}: Outer_InnerCoroutines. */
  static String companionName(Class<?> owner) {
    StringBuilder name = new StringBuilder(owner.getSimpleName());
    for (Class<?> c = owner.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
      name.insert(0, c.getSimpleName() + "_");
    }
    return name.append("Coroutines").toString();
  }
}
