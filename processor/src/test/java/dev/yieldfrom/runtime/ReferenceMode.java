package dev.yieldfrom.runtime;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A testing aid: runs a {@code @Coroutine} template body itself, as plain Java, instead of the
 * state machine the processor generated from it. What the body does is then exactly what javac's
 * semantics say, so a test can drive the reference generator and the generated one with the same
 * calls and compare what they do (the differential test of the processor does).
 *
 * <p>{@link #generator} calls the template on a thread of its own (one daemon thread per
 * reference generator, started by its first resume). While that thread runs a body, the helpers of
 * {@link Yield} do what the state machine would do at their suspension points, handing control
 * over by blocking:
 *
 * <ul>
 *   <li>{@code yieldValue(v)} hands {@code v} to the thread that called {@code send}/{@code next}/
 *       {@code throwInto}, and blocks until the generator is resumed; it then evaluates to the sent
 *       value, or throws what was thrown in ({@link GeneratorExit} on {@code close()}).
 *   <li>{@code done(x)} evaluates to a marker holding {@code x}; the generator returns {@code x}
 *       when the template returns the marker.
 *   <li>{@code yieldFrom(callee(...))} where {@code callee} is another template: the call has run
 *       the callee's body already, on this thread, its suspensions handing control over directly;
 *       {@code yieldFrom} of the marker it returned evaluates to the callee's result. For the
 *       value, send and throw protocol this is PEP 380's semantics.
 *   <li>{@code yieldFrom(gen)} of any other {@link Gen} (a generated state machine, a hand-written
 *       one): PEP 380's expansion, by hand: {@code gen} is driven from this thread, its yields
 *       handed over, what is sent or thrown in forwarded with {@code send}/{@code throwInto}, and
 *       on {@code close()} it is closed before {@code GeneratorExit} is raised in the body.
 *   <li>{@code yieldFrom(future)} and {@code yieldFrom(completionStage)}: the generator awaits it
 *       as a state machine would, through {@link Gen}'s driver on the driving thread.
 * </ul>
 *
 * <p>Exceptions thrown by the body propagate out of {@code send}, {@code next} and {@code
 * throwInto} as they would from the state machine; the generator protocol itself (not started,
 * already running, finished, a yield during close) is {@link Gen}'s, as for a state machine.
 *
 * <p>One case it cannot model: a callee template runs inline, so when {@code close()} reaches a
 * suspension inside a callee, {@code GeneratorExit} travels up the Java stack through the callee's
 * {@code finally} blocks, while PEP 380 closes the inner generator first and then raises {@code
 * GeneratorExit} in the outer one. The two differ only if, during that unwinding, a callee
 * suspends, delegates, or returns normally. Such a generator is marked: {@link #unmodeled} says
 * why, and a comparison should not trust its behaviour from then on.
 *
 * <p>The thread ends when the body returns, fails, or is closed. A generator left suspended should
 * be closed; if it will not close (it keeps yielding), {@link #abandon} ends its thread, and one
 * that becomes unreachable is abandoned by a cleaner. Outside a reference generator's thread the
 * helpers fail as before: a template is not meant to be called.
 */
public final class ReferenceMode {
  private ReferenceMode() {}

  private static final ThreadLocal<Body> CURRENT = new ThreadLocal<>();

  static {
    // The helpers of Yield ask this for the body running on their thread.
    Yield.interpreters = CURRENT;
  }
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Cleaner CLEANER = Cleaner.create();
  private static final StackWalker WALKER =
      StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));

  /**
   * A reference generator for the template that {@code templateCall} calls, e.g. {@code
   * ReferenceMode.generator(() -> Chain.g(n))}. Nothing runs until it is first resumed. The
   * supplier should call the template directly: the template frame it calls is the outermost one.
   * If it returns a generator instead of a template's result (a generated state machine, say),
   * the reference generator delegates to that generator.
   */
  public static <Y, S, R> Gen<Y, S, R> generator(Supplier<? extends Gen<Y, S, R>> templateCall) {
    if (templateCall == null) {
      throw new NullPointerException("templateCall");
    }
    ReferenceGen<Y, S, R> gen = new ReferenceGen<>(new Driver(templateCall));
    CLEANER.register(gen, gen.driver.body::abandon);
    return gen;
  }

  /**
   * As {@link #generator}, for a template of an asyncio-style coroutine ({@code Co<R>}), e.g.
   * {@code ReferenceMode.coroutine(() -> Chain.outer())}, to run on an event loop.
   */
  public static <R> Co<R> coroutine(Supplier<? extends Co<R>> templateCall) {
    if (templateCall == null) {
      throw new NullPointerException("templateCall");
    }
    ReferenceCo<R> co = new ReferenceCo<>(new Driver(templateCall));
    CLEANER.register(co, co.driver.body::abandon);
    return co;
  }

  /** Whether the current thread is running the body of a reference generator. */
  public static boolean isActive() {
    return CURRENT.get() != null;
  }

  /**
   * Why {@code generator}, a reference generator, could not follow PEP 380 exactly (see the class
   * comment), or null while it could.
   *
   * @throws IllegalArgumentException if {@code generator} is not a reference generator
   */
  public static String unmodeled(Gen<?, ?, ?> generator) {
    return driverOf(generator).body.unmodeled;
  }

  /** Whether the thread of the reference generator {@code generator} is alive. */
  public static boolean isThreadAlive(Gen<?, ?, ?> generator) {
    Thread thread = driverOf(generator).body.thread;
    return thread != null && thread.isAlive();
  }

  /**
   * Ends the thread of a reference generator that is left suspended (one that will not close):
   * the body is unwound by an error that every later helper call rethrows, and the thread ends
   * without handing anything over. Waits up to a second for the thread to end; returns whether
   * it has. Does nothing to a generator whose thread has ended. The generator must not be used
   * afterwards.
   *
   * @throws IllegalStateException if called from the generator's own thread
   */
  public static boolean abandon(Gen<?, ?, ?> generator) {
    Body body = driverOf(generator).body;
    Thread thread = body.thread;
    if (thread == Thread.currentThread()) {
      throw new IllegalStateException("a reference generator cannot abandon itself");
    }
    body.abandon();
    if (thread == null) {
      return true;
    }
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private static Driver driverOf(Gen<?, ?, ?> generator) {
    if (generator instanceof ReferenceGen<?, ?, ?> gen) {
      return gen.driver;
    }
    if (generator instanceof ReferenceCo<?> co) {
      return co.driver;
    }
    throw new IllegalArgumentException("not a reference generator: " + generator);
  }

  // ---------------------------------------------------------------- the driving side

  private static final class ReferenceGen<Y, S, R> extends Gen<Y, S, R> {
    final Driver driver;

    ReferenceGen(Driver driver) {
      this.driver = driver;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      return driver.resume(this, sent, thrown);
    }
  }

  private static final class ReferenceCo<R> extends Co<R> {
    final Driver driver;

    ReferenceCo(Driver driver) {
      this.driver = driver;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      return driver.resume(this, sent, thrown);
    }
  }

  /** The state the generator object holds; never references the generator (for the cleaner). */
  private static final class Driver {
    final Body body;

    Driver(Supplier<? extends Gen<?, ?, ?>> templateCall) {
      this.body = new Body(templateCall);
    }

    Object resume(Gen<?, ?, ?> gen, Object sent, Throwable thrown) throws Throwable {
      Message out;
      if (body.thread == null) {
        // Gen raises a throw into a generator that has not started without resuming it.
        out = body.start();
      } else {
        out = body.exchange(new Resume(sent, thrown));
      }
      if (out instanceof Yielded yielded) {
        return yielded.value;
      }
      if (out instanceof Awaits awaits) {
        return gen.delegate(awaits.awaitable);
      }
      if (out instanceof Returned returned) {
        return gen.returnValue(returned.value);
      }
      throw ((Failed) out).failure;
    }
  }

  // ---------------------------------------------------------------- messages

  private interface Message {}

  private record Resume(Object sent, Throwable thrown) implements Message {}

  private record Yielded(Object value) implements Message {}

  private record Awaits(Object awaitable) implements Message {}

  private record Returned(Object value) implements Message {}

  private record Failed(Throwable failure) implements Message {}

  /** Unwinds the body of an abandoned reference generator; every later helper call rethrows it. */
  private static final class Abandoned extends Error {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("reference generator abandoned", null, false, false);
    }
  }

  /**
   * What {@code done(x)} evaluates to in reference mode: it carries the template's result to the
   * {@code yieldFrom} that called the template, or to the reference generator. A {@link Co}, so
   * that it is what a template declared to return {@code Co<R>} or {@code Gen<Y, S, R>} returns.
   */
  static final class Done extends Co<Object> {
    final Object value;

    Done(Object value) {
      this.value = value;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) {
      throw new IllegalStateException(
          "the result of a template called in reference mode is not a generator: yieldFrom it"
              + " inside the template, or run the template through ReferenceMode.generator");
    }
  }

  // ---------------------------------------------------------------- the body's side

  /** The template body's thread and the hand-off between it and the driving thread. */
  static final class Body implements Runnable, Yield.TemplateInterpreter {
    private final Supplier<? extends Gen<?, ?, ?>> templateCall;
    private final SynchronousQueue<Message> toBody = new SynchronousQueue<>();
    private final SynchronousQueue<Message> toDriver = new SynchronousQueue<>();
    volatile Thread thread;
    volatile boolean abandoned;
    volatile String unmodeled;
    /** Set while close() unwinds from a suspension inside a callee template (see class comment). */
    private int closedAtDepth = -1;

    Body(Supplier<? extends Gen<?, ?, ?>> templateCall) {
      this.templateCall = templateCall;
    }

    // -------------------------------------------------------------- driving thread

    Message start() {
      Thread t = new Thread(this, "yieldfrom-reference-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      thread = t;
      t.start();
      return takeUninterruptibly(toDriver);
    }

    Message exchange(Resume resume) {
      putUninterruptibly(toBody, resume);
      return takeUninterruptibly(toDriver);
    }

    void abandon() {
      abandoned = true;
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    // -------------------------------------------------------------- body thread

    @Override
    public void run() {
      CURRENT.set(this);
      Message outcome;
      try {
        Gen<?, ?, ?> result = templateCall.get();
        if (result instanceof Done done) {
          outcome = new Returned(done.value);
        } else if (result == null) {
          outcome =
              new Failed(
                  new IllegalStateException(
                      "the template call of a reference generator returned null"));
        } else {
          outcome = new Returned(yieldFrom(result));
        }
      } catch (Abandoned gone) {
        return;
      } catch (Throwable failure) {
        if (abandoned) {
          return;
        }
        outcome = new Failed(failure);
      } finally {
        CURRENT.remove();
      }
      try {
        toDriver.put(outcome);
      } catch (InterruptedException gone) {
        // abandoned while handing over the outcome: nobody waits for it
      }
    }

    /** Hands {@code message} to the driving thread and waits to be resumed. */
    private Resume handOff(Message message) {
      checkAbandoned();
      closedAtDepth = -1; // the close() that was unwinding, if any, ends here
      try {
        toDriver.put(message);
        return (Resume) toBody.take();
      } catch (InterruptedException e) {
        abandoned = true;
        throw new Abandoned();
      }
    }

    private void checkAbandoned() {
      if (abandoned) {
        throw new Abandoned();
      }
    }

    /** The outcome of a resume at a suspension: the sent value, or the exception thrown in. */
    private Object receive(Resume resume) {
      Throwable thrown = resume.thrown();
      if (thrown == null) {
        return resume.sent();
      }
      if (thrown instanceof GeneratorExit) {
        closing();
      }
      throw Gen.sneaky(thrown);
    }

    /** GeneratorExit is being raised at a suspension: note whether it is inside a callee. */
    private void closing() {
      int depth = templateDepth();
      if (depth >= 1) {
        closedAtDepth = depth;
      }
    }

    /** A helper runs: while close() unwinds a callee, a callee's helper is beyond this model. */
    private void noteHelper(String helper) {
      checkAbandoned();
      if (closedAtDepth < 0 || unmodeled != null) {
        return;
      }
      int depth = templateDepth();
      if (depth >= 1) {
        unmodeled =
            "close() raised GeneratorExit at a suspension inside a callee template (depth "
                + closedAtDepth
                + "), and while it unwound, a callee template (depth "
                + depth
                + ") called "
                + helper
                + "(): callees run inline in reference mode, so PEP 380's closing of the inner"
                + " generator before the outer one is not modeled";
      }
    }

    @Override
    public Object yieldValue(Object value) {
      noteHelper("yieldValue");
      return receive(handOff(new Yielded(value)));
    }

    @Override
    public Object await(Object awaitable) {
      noteHelper("yieldFrom");
      return receive(handOff(new Awaits(awaitable)));
    }

    @Override
    public Done done(Object value) {
      noteHelper("done");
      return new Done(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public Object yieldFrom(Gen<?, ?, ?> inner) {
      noteHelper("yieldFrom");
      if (inner instanceof Done done) {
        return done.value;
      }
      if (inner == null) {
        // As the state machine's driver reports it, raised at the yieldFrom.
        throw new IllegalArgumentException(
            "yieldFrom needs a Gen, Co, Future or CompletionStage, got null");
      }
      if (inner instanceof Co && inner.isDone()) {
        throw new IllegalStateException("cannot await a coroutine that has finished");
      }
      // PEP 380's expansion of RESULT = yield from EXPR.
      Gen raw = inner;
      Object yielded;
      try {
        yielded = raw.send(null);
      } catch (StopIteration stop) {
        return stop.value();
      }
      for (; ; ) {
        Resume resume = handOff(new Yielded(yielded));
        Throwable thrown = resume.thrown();
        if (thrown instanceof GeneratorExit) {
          closing();
          raw.close(); // what it raises goes to the body instead
          throw Gen.sneaky(thrown);
        }
        try {
          yielded = thrown != null ? raw.throwInto(thrown) : raw.send(resume.sent());
        } catch (StopIteration stop) {
          return stop.value();
        }
      }
    }

    /**
     * How many template frames are on this thread's stack above the outermost one: methods
     * returning a Gen, other than lambda bodies, suppliers and this runtime's own.
     */
    private static int templateDepth() {
      int frames =
          WALKER.walk(
              s ->
                  (int)
                      s.filter(
                              f -> {
                                Class<?> owner = f.getDeclaringClass();
                                if (owner == Yield.class
                                    || owner.getNestHost() == ReferenceMode.class
                                    || !Gen.class.isAssignableFrom(f.getMethodType().returnType())
                                    || f.getMethodName().startsWith("lambda$")) {
                                  return false;
                                }
                                return !(f.getMethodName().equals("get")
                                    && Supplier.class.isAssignableFrom(owner));
                              })
                          .count());
      return frames - 1;
    }
  }

  // ---------------------------------------------------------------- helpers

  private static <T> T takeUninterruptibly(SynchronousQueue<T> queue) {
    boolean interrupted = false;
    try {
      for (; ; ) {
        try {
          return queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <T> void putUninterruptibly(SynchronousQueue<T> queue, T value) {
    boolean interrupted = false;
    try {
      for (; ; ) {
        try {
          queue.put(value);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
