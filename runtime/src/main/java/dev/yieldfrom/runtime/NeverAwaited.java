package dev.yieldfrom.runtime;

import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * In debug mode, reports a coroutine that is garbage collected without ever having been started,
 * awaited, scheduled or closed, with the place where it was created, as CPython's "coroutine ...
 * was never awaited" RuntimeWarning with origin tracking. Only generators created while tracking
 * is on are followed, so outside debug mode a creation costs one read of a static field.
 *
 * <p>Tracking is on while the system property {@code yieldfrom.debug} is true or some event loop
 * is in debug mode ({@link EventLoop#setDebug}). The warning goes to the {@link System.Logger}
 * named after {@link Gen} at level WARNING, with the creation stack as its throwable.
 */
final class NeverAwaited {
  private static final System.Logger LOGGER = System.getLogger(Gen.class.getName());
  private static final boolean PROPERTY = Boolean.getBoolean("yieldfrom.debug");

  /** Loops in debug mode. */
  private static int debugLoops;
  /** Whether generators created now are followed. */
  static volatile boolean tracking = PROPERTY;
  /** Whether any generator was ever followed: only then must a start be recorded. */
  static volatile boolean everTracked;

  private static final Map<Gen<?, ?, ?>, Origin> ORIGINS =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static Cleaner cleaner;

  private NeverAwaited() {}

  static synchronized void loopDebugChanged(boolean enabled) {
    debugLoops += enabled ? 1 : -1;
    tracking = PROPERTY || debugLoops > 0;
  }

  static void created(Gen<?, ?, ?> generator) {
    Origin origin = new Origin(nameOf(generator));
    everTracked = true;
    ORIGINS.put(generator, origin);
    cleaner().register(generator, origin);
  }

  /** The generator was started, delegated to, or closed: it is not lost. */
  static void started(Gen<?, ?, ?> generator) {
    Origin origin = ORIGINS.remove(generator);
    if (origin != null) {
      origin.started = true;
    }
  }

  private static synchronized Cleaner cleaner() {
    if (cleaner == null) {
      cleaner = Cleaner.create();
    }
    return cleaner;
  }

  /** The template method of a generated coroutine (its class for a hand-written one). */
  private static String nameOf(Gen<?, ?, ?> generator) {
    String info = generator.debugInfo(); // generated: a constant, safe in the constructor
    if (info != null) {
      String[] parts = info.split("\\|", 3);
      if (parts.length >= 2) {
        return parts[0] + "." + parts[1];
      }
    }
    return generator.getClass().getName();
  }

  /** Where a generator was created; run by the cleaner once the generator is unreachable. */
  private static final class Origin extends Throwable implements Runnable {
    private static final long serialVersionUID = 1L;

    private final String coroutine;
    private volatile boolean started;

    Origin(String coroutine) {
      super("the coroutine was created here");
      this.coroutine = coroutine;
      setStackTrace(userFrames(getStackTrace()));
    }

    @Override
    public void run() {
      if (started) {
        return;
      }
      StackTraceElement[] frames = getStackTrace();
      LOGGER.log(
          System.Logger.Level.WARNING,
          "coroutine "
              + coroutine
              + " was never awaited"
              + (frames.length > 0 ? "; created at " + frames[0] : ""),
          this);
    }

    /** Without the frames of the runtime and of the generated factory and state machine. */
    private static StackTraceElement[] userFrames(StackTraceElement[] frames) {
      int first = 0;
      while (first < frames.length && isMachinery(frames[first].getClassName())) {
        first++;
      }
      return java.util.Arrays.copyOfRange(frames, first, frames.length);
    }

    /**
     * The runtime, a companion ({@code XCoroutines}), or a state machine: {@code Owner$0method},
     * a binary name javac never gives a class of the user's (no nested class's name starts with a
     * digit, and local and anonymous classes are numbered from 1).
     */
    private static boolean isMachinery(String className) {
      return className.startsWith("dev.yieldfrom.runtime.")
          || className.endsWith("Coroutines")
          || className.contains("$0");
    }
  }
}
