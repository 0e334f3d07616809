package dev.yieldfrom.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A generator that yields {@code Y}, accepts sent values of type {@code S} and returns {@code R}:
 * the object protocol of PEP 342 ({@link #send}, {@link #throwInto}, {@link #close}) with the
 * delegation of PEP 380 ({@code yieldFrom}).
 *
 * <p>Every generated state machine extends this class and implements {@link #resume}; the class
 * itself is the driver. A generator that delegates to another does not call it: it hands the inner
 * generator to the driver, which links it into a chain of frames (each frame points to the frame
 * that awaits it) and from then on resumes the innermost frame directly. Resuming a generator
 * suspended under a chain of any depth is therefore one call, and a return value or exception
 * travels up one link at a time.
 *
 * <p>Not thread-safe: a generator is driven by one thread at a time (an event loop, or the code
 * that calls {@link #send}). Resuming one that is already running is an error, as in Python.
 */
public abstract class Gen<Y, S, R> implements Iterable<Y>, AutoCloseable {
  private static final byte CREATED = 0;
  private static final byte SUSPENDED = 1;
  private static final byte RUNNING = 2;
  /** Linked into another generator's chain by yieldFrom: only that chain's root drives it. */
  private static final byte DELEGATED = 3;
  private static final byte DONE = 4;

  /** The resume point of the generated state machine; owned by the subclass. */
  protected int state;

  private byte status = CREATED;
  /**
   * While this frame is DELEGATED (runs inside another one's chain): the frame suspended in
   * yieldFrom on it, its caller. While it is a suspended root: the innermost frame of its chain,
   * where the next resume enters (itself when it delegates to nothing). Null otherwise. One field
   * for both, since a frame is never both: a suspended coroutine costs one reference less.
   */
  private Gen<?, ?, ?> link;
  /**
   * A delegation target between resume() and the driver; what the frame awaits while it is
   * suspended on something other than a generator (a {@link Future}, {@link Signal#SLEEPING}; see
   * {@link Awaitables}), or a failure to raise at its next resume; the return value once this
   * generator is done.
   */
  private Object payload;

  protected Gen() {}

  /**
   * Runs this frame from its current resume point until it suspends or finishes.
   *
   * @param sent the value sent in, or the result of the awaitable this frame delegated to
   * @param thrown if not null, to be raised at the resume point instead
   * @return a yielded value, or what {@link #delegate} or {@link #returnValue} returned
   */
  protected abstract Object resume(Object sent, Throwable thrown) throws Throwable;

  /**
   * For generated code: where the template is (class, method, file) and its line tables, read
   * only when an exception leaves this coroutine (see {@link Traceback}). Null for hand-written
   * generators.
   */
  protected String debugInfo() {
    return null;
  }

  /** The frame awaiting this one in a chain, or null. */
  final Gen<?, ?, ?> callerFrame() {
    return status == DELEGATED ? link : null;
  }

  /**
   * Where this generator waits, innermost frame first: the template method and line of each
   * coroutine in its {@code yieldFrom} chain. Empty unless it is suspended.
   */
  public final List<StackTraceElement> suspendedAt() {
    if (status != SUSPENDED || link == null) {
      return List.of();
    }
    return Traceback.chain(link);
  }

  /**
   * For generated code: suspend this frame until {@code awaitable} (a Gen, Future, or
   * CompletionStage awaited on the running loop) finishes.
   */
  protected final Object delegate(Object awaitable) {
    payload = awaitable;
    return Signal.DELEGATE;
  }

  /** For generated code: finish this frame with {@code result}. */
  protected final Object returnValue(Object result) {
    payload = result;
    return Signal.RETURN;
  }

  // ---------------------------------------------------------------- the PEP 342 protocol

  /**
   * Resumes the generator with {@code value} as the result of its current yield and returns the
   * next value it yields. The first call must send null (Python's {@code next}).
   *
   * @throws StopIteration when the generator returns; {@link StopIteration#value()} is the result
   * @throws IllegalStateException when the generator is already running, or is delegated to by
   *     another generator (drive that one instead)
   */
  @SuppressWarnings("unchecked")
  public final Y send(S value) {
    if (status == DONE) {
      throw new StopIteration(null);
    }
    Object out = step(value, null, false);
    if (out == Signal.FINISHED) {
      throw new StopIteration(payload);
    }
    return (Y) out;
  }

  /** Python's {@code next(gen)}: {@code send(null)}. */
  public final Y next() {
    return send(null);
  }

  /**
   * Raises {@code exception} at the generator's suspension point and returns the next value it
   * yields (Python's {@code gen.throw}). If the generator does not handle it, it propagates out
   * of this call, unchecked exceptions and checked ones alike.
   */
  @SuppressWarnings("unchecked")
  public final Y throwInto(Throwable exception) {
    if (exception == null) {
      throw new NullPointerException("exception");
    }
    Object out = step(null, exception, exception instanceof GeneratorExit);
    if (out == Signal.FINISHED) {
      throw new StopIteration(payload);
    }
    return (Y) out;
  }

  /**
   * Raises {@link GeneratorExit} at the suspension point so that {@code finally} blocks and
   * resources run, then marks the generator finished. Closing a generator that has not started or
   * has finished does nothing.
   *
   * @throws IllegalStateException if the generator yields instead of finishing
   */
  @Override
  public final void close() {
    if (status == CREATED) {
      status = DONE;
      return;
    }
    if (status == DONE) {
      return;
    }
    Object out;
    try {
      out = step(null, new GeneratorExit(), true);
    } catch (GeneratorExit expected) {
      return;
    }
    if (out != Signal.FINISHED) {
      throw new IllegalStateException("generator ignored GeneratorExit");
    }
  }

  /** True once the generator has returned, raised, or been closed. */
  public final boolean isDone() {
    return status == DONE;
  }

  /** True once the generator has been resumed at least once. */
  public final boolean isStarted() {
    return status != CREATED;
  }

  /**
   * The value the generator returned.
   *
   * @throws IllegalStateException if it has not returned
   */
  @SuppressWarnings("unchecked")
  public final R result() {
    if (status != DONE) {
      throw new IllegalStateException("generator has not finished");
    }
    return (R) payload;
  }

  // ---------------------------------------------------------------- iteration

  /**
   * Iterates over the values this generator yields, sending null each time. The generator is its
   * own single-use iterable, as in Python: a second iteration continues where the first stopped.
   */
  @Override
  public final Iterator<Y> iterator() {
    return new Iterator<>() {
      private Object peeked = Signal.FINISHED;

      @Override
      public boolean hasNext() {
        if (peeked != Signal.FINISHED) {
          return true;
        }
        if (status == DONE) {
          return false;
        }
        peeked = step(null, null, false);
        return peeked != Signal.FINISHED;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Y next() {
        if (!hasNext()) {
          throw new NoSuchElementException("generator finished");
        }
        Object value = peeked;
        peeked = Signal.FINISHED;
        return (Y) value;
      }
    };
  }

  /** The yielded values as a sequential, ordered stream; closing the stream closes the generator. */
  public final Stream<Y> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  // ---------------------------------------------------------------- the driver

  /**
   * Resumes this generator as the root of its chain.
   *
   * @param closing whether frames that finish or yield inside the chain are being closed
   *     (PEP 380: a GeneratorExit thrown into a delegating generator closes the inner one, then
   *     is raised in the delegating one)
   * @return a yielded value, or {@link Signal#FINISHED} when the root returned
   */
  final Object step(Object sent, Throwable thrown, boolean closing) {
    return step(sent, thrown, closing, false);
  }

  /**
   * Like {@link #step(Object, Throwable, boolean)}; with {@code leanSleep} (only a {@link Task}
   * driving this root passes it), a frame awaiting a plain {@link Async#sleep} is suspended
   * without running the sleep: the {@link Sleep} itself is returned, and the task sleeps on the
   * loop's timer heap. The sleep then costs no frame, future, timer handle or callback.
   */
  final Object step(Object sent, Throwable thrown, boolean closing, boolean leanSleep) {
    switch (status) {
      case RUNNING:
        throw new IllegalStateException("generator already executing");
      case DELEGATED:
        throw new IllegalStateException(
            "generator is delegated to by another one (yieldFrom); resume that one instead");
      case DONE:
        if (thrown != null) {
          throw sneaky(thrown);
        }
        return Signal.FINISHED;
      case CREATED:
        if (thrown != null) {
          status = DONE;
          throw sneaky(thrown);
        }
        if (sent != null) {
          throw new IllegalStateException("can't send a non-null value to a just-started generator");
        }
        link = this;
        break;
      default:
        break;
    }
    status = RUNNING;
    Gen<?, ?, ?> frame = link;
    link = null;
    return drive(frame, sent, thrown, closing, leanSleep);
  }

  /**
   * The driver: resumes {@code frame} and follows what it does, frame to frame, until the root
   * yields or finishes. Kept small for the JIT; what the common cases do not need (failures,
   * closing, delegating to a generator started by hand) is in the methods below it. What an
   * awaitable is (a future, a stage, a lean sleep) is for {@link Awaitables} to say.
   */
  private Object drive(
      Gen<?, ?, ?> frame, Object sent, Throwable thrown, boolean closing, boolean leanSleep) {
    Closing close = closing ? new Closing(thrown) : null;
    for (; ; ) {
      Object awaited = frame.payload;
      if (awaited != null) {
        // The frame is suspended on an awaitable: its outcome, not the sent value, is the
        // result (a lean sleep has none). A failure thrown in wins over it.
        frame.payload = null;
        if (thrown == null) {
          thrown = Awaitables.failureOf(awaited);
          sent = thrown == null ? Awaitables.resultOf(awaited) : null;
        }
      }
      Object signal;
      try {
        signal = frame.resume(sent, thrown);
      } catch (Throwable failure) {
        Gen<?, ?, ?> up = frame.link;
        thrown = frameFailed(frame, failure, close);
        frame = up;
        sent = null;
        continue;
      }
      sent = null;
      thrown = null;
      if (signal == Signal.DELEGATE) {
        Object target = frame.payload;
        frame.payload = null;
        if (!(target instanceof Gen<?, ?, ?> inner)) {
          if (awaits(frame, target)) {
            return suspend(frame, frame.payload);
          }
          continue; // done already: its outcome is taken at the top
        }
        if (inner.status != CREATED) {
          frame = delegateToStarted(frame, inner, close);
          continue;
        }
        if (leanSleep && Awaitables.sleepsOnTimerHeap(inner)) {
          return suspend(sleepsOnTimerHeap(frame, inner), inner);
        }
        if (close != null) {
          close.delegating(frame);
        }
        inner.status = DELEGATED;
        inner.link = frame;
        frame = inner;
        continue;
      }
      if (signal == Signal.RETURN) {
        frame.status = DONE;
        Gen<?, ?, ?> up = frame.link;
        if (up == null) {
          return Signal.FINISHED;
        }
        // The frame may have caught what was thrown into it: its caller sees only the value.
        sent = frame.unlinkResult();
        frame = up;
        if (close != null && (thrown = close.returned(up)) != null) {
          sent = null;
        }
        continue;
      }
      if (close != null) {
        Gen<?, ?, ?> up = close.ignoredBy(frame);
        if (up != null) {
          frame = up;
          thrown = Closing.ignoredError();
          continue;
        }
      }
      return suspend(frame, signal);
    }
  }

  /** A finished frame leaves the chain: returns its result, which its caller resumes with. */
  private Object unlinkResult() {
    Object value = payload;
    payload = null;
    link = null;
    return value;
  }

  /**
   * {@code frame} delegates to {@code target}, not a generator: it awaits what {@link Awaitables}
   * makes of it (in its payload). Returns whether the frame must suspend for it.
   */
  private static boolean awaits(Gen<?, ?, ?> frame, Object target) {
    Object awaited = Awaitables.awaitedFor(target);
    frame.payload = awaited;
    return Awaitables.isPending(awaited);
  }

  /**
   * {@code frame} awaits a lean sleep: the task sleeps on the timer heap (or yields once) and is
   * handed the sleep itself; the sleep is done as far as frames go. Returns the suspended frame.
   */
  private static Gen<?, ?, ?> sleepsOnTimerHeap(Gen<?, ?, ?> frame, Gen<?, ?, ?> sleep) {
    sleep.status = DONE;
    frame.payload = Signal.SLEEPING;
    return frame;
  }

  /**
   * {@code frame} raised {@code failure}: it is done, and the failure travels to its caller,
   * which this returns it for; from the root, it is thrown.
   */
  private static Throwable frameFailed(Gen<?, ?, ?> frame, Throwable failure, Closing close) {
    frame.status = DONE;
    Gen<?, ?, ?> up = frame.link;
    if (failure instanceof StopIteration) {
      // PEP 479: a StopIteration leaking out of a body must not pass for a return.
      failure = new IllegalStateException("generator raised StopIteration", failure);
    }
    if (close != null) {
      failure = close.failed(failure, up);
    }
    if (Traceback.ENABLED) {
      Traceback.onFailure(frame, failure, up);
    }
    if (up == null) {
      throw sneaky(failure);
    }
    frame.link = null;
    return failure;
  }

  /**
   * {@code frame} delegates to {@code inner}, which is not new: a generator started by hand is
   * adopted with its whole chain (the frame to resume is its innermost one); awaiting a finished
   * coroutine, or a running generator, is an error raised in {@code frame}, whose payload carries
   * it to its resume. Returns the frame to resume.
   */
  private static Gen<?, ?, ?> delegateToStarted(
      Gen<?, ?, ?> frame, Gen<?, ?, ?> inner, Closing close) {
    switch (inner.status) {
      case SUSPENDED:
        if (close != null) {
          close.delegating(frame);
        }
        inner.status = DELEGATED;
        Gen<?, ?, ?> innermost = inner.link;
        inner.link = frame;
        return innermost;
      case DONE:
        // A finished generator delegated to returns null at once, as in Python.
        if (inner instanceof Co) {
          frame.payload = new IllegalStateException("cannot await a coroutine that has finished");
        }
        return frame;
      default:
        frame.payload = new IllegalStateException("generator already executing");
        return frame;
    }
  }

  /**
   * The state of a close() running down a chain (PEP 380: a GeneratorExit thrown into a delegating
   * generator closes the inner one, then is raised in the delegating one). Made per close, so the
   * driver's ordinary runs carry none of it.
   */
  private static final class Closing {
    /** The GeneratorExit thrown in: the one every delegating frame sees. */
    final Throwable exit;
    /**
     * Only the frames running when close() began are being closed. A frame of that chain that
     * delegates afterwards (in a finally block) starts an ordinary delegation: the frames above
     * it, until control is back in it, run as usual (PEP 380 closes just the running inner).
     * This is that frame, or null.
     */
    Gen<?, ?, ?> normalAbove;

    Closing(Throwable exit) {
      this.exit = exit;
    }

    static IllegalStateException ignoredError() {
      return new IllegalStateException("generator ignored GeneratorExit");
    }

    void delegating(Gen<?, ?, ?> frame) {
      if (normalAbove == null) {
        normalAbove = frame;
      }
    }

    /** A frame raised {@code failure} to {@code up}: what {@code up} sees. */
    Throwable failed(Throwable failure, Gen<?, ?, ?> up) {
      if (normalAbove == null && failure instanceof GeneratorExit && up != null) {
        // inner.close() swallows the inner's own GeneratorExit; the original is raised outside.
        failure = exit;
      }
      if (up == normalAbove) {
        normalAbove = null;
      }
      return failure;
    }

    /** A frame returned to {@code up}: the exit to raise there if it was being closed, or null. */
    Throwable returned(Gen<?, ?, ?> up) {
      boolean closedFrame = normalAbove == null;
      if (up == normalAbove) {
        normalAbove = null;
      }
      return closedFrame ? exit : null;
    }

    /**
     * {@code frame} yielded: if that means a generator ignored close() (PEP 380), leaves the
     * frames that ignored it suspended as a generator of their own and returns the frame that
     * sees the error, where closing goes on; null if the yield is an ordinary one.
     */
    Gen<?, ?, ?> ignoredBy(Gen<?, ?, ?> frame) {
      if (normalAbove != null && normalAbove.link != null) {
        // A closing inner generator's finally delegated, and that delegation yields.
        Gen<?, ?, ?> ignoring = normalAbove;
        Gen<?, ?, ?> up = ignoring.link;
        ignoring.status = SUSPENDED;
        ignoring.link = frame; // a suspended root's link is its innermost frame
        normalAbove = null;
        return up;
      }
      if (normalAbove == null && frame.link != null) {
        // The inner generator yielded instead of closing.
        Gen<?, ?, ?> up = frame.link;
        frame.status = SUSPENDED;
        frame.link = frame;
        return up;
      }
      return null;
    }
  }

  /** Whether this root is suspended in a yieldFrom on {@code awaited} (not on a yield of it). */
  final boolean isSuspendedOn(Object awaited) {
    return status == SUSPENDED && link.payload == awaited;
  }

  /** Whether this root is suspended in a lean sleep (see {@link #step(Object, Throwable, boolean, boolean)}). */
  final boolean isSuspendedInSleep() {
    return status == SUSPENDED && link.payload == Signal.SLEEPING;
  }

  private Object suspend(Gen<?, ?, ?> frame, Object yielded) {
    link = frame;
    status = SUSPENDED;
    return yielded;
  }

  /** Rethrows any throwable without wrapping: checked exceptions reach the awaiting code as-is. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
