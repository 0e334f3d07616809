package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the stack trace of an exception that leaves a coroutine show the user's code. The class
 * files of state machines already carry the template's file and lines (the processor rewrites
 * their line tables), so every native frame of generated code shows where it is in the template;
 * here, frames of the failed state machine's {@code resume} are named after the template method,
 * and each coroutine awaiting the failed one (up its {@code yieldFrom} chain, which is not on the
 * Java stack: the driver resumes the innermost frame directly) gets a frame at the line where it
 * waits, as Python's traceback shows every frame of a {@code yield from} chain.
 *
 * <p>The whole chain is added when the exception first leaves a frame; as it then travels up that
 * chain, each frame costs one comparison, so propagation stays linear in the chain's depth. Runs
 * only when an exception leaves a frame; the normal resume path never comes here. Set the system
 * property {@code yieldfrom.plainStackTraces=true} to leave stack traces untouched.
 */
final class Traceback {
  static final boolean ENABLED = !Boolean.getBoolean("yieldfrom.plainStackTraces");

  private static final String DRIVER = Gen.class.getName();
  private static final Map<Class<?>, Info> INFOS = new ConcurrentHashMap<>();
  private static final Info NONE = new Info("", "", "", new int[0], new int[0]);
  /** Per thread: the exception whose trace shows its whole chain, and the frame it has reached. */
  private static final ThreadLocal<Propagation> PROPAGATING = ThreadLocal.withInitial(Propagation::new);

  private Traceback() {}

  private static final class Propagation {
    Throwable failure;
    Gen<?, ?, ?> reached;
  }

  /** What a state machine's {@code debugInfo()} says, parsed. */
  record Info(String className, String method, String file, int[] states, int[] ranges) {
    static Info parse(String text) {
      String[] parts = text.split("\\|", -1);
      return new Info(parts[0], parts[1], parts[2], numbers(parts[3]), numbers(parts[4]));
    }

    private static int[] numbers(String table) {
      if (table.isEmpty()) {
        return new int[0];
      }
      return Arrays.stream(table.split("[,:-]")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * The template line of a frame of the state machine. Its class file says it, unless the
     * processor could not rewrite it (the frame then names the generated file): the table
     * {@code debugInfo()} carries maps the generated line.
     */
    int templateLine(StackTraceElement frame) {
      if (file.equals(frame.getFileName())) {
        return frame.getLineNumber();
      }
      for (int i = 0; i + 2 < ranges.length; i += 3) {
        if (frame.getLineNumber() >= ranges[i] && frame.getLineNumber() <= ranges[i + 1]) {
          return ranges[i + 2];
        }
      }
      return -1;
    }

    /** The template line where a frame in {@code state} waits (the method's line for state 0). */
    int stateLine(int state) {
      int line = -1;
      for (int i = 0; i + 1 < states.length; i += 2) {
        if (states[i] <= state) {
          line = states[i + 1];
        }
      }
      return line;
    }

    StackTraceElement at(int line) {
      return new StackTraceElement(className, method, file, line);
    }
  }

  static Info info(Gen<?, ?, ?> frame) {
    Info info =
        INFOS.computeIfAbsent(
            frame.getClass(),
            type -> {
              String text = frame.debugInfo();
              return text == null ? NONE : Info.parse(text);
            });
    return info == NONE ? null : info;
  }

  /** {@code failure} leaves {@code frame}; {@code caller} (or null) is the frame awaiting it. */
  static void onFailure(Gen<?, ?, ?> frame, Throwable failure, Gen<?, ?, ?> caller) {
    if (failure instanceof GeneratorExit || failure instanceof CancelledError) {
      return; // control flow, not faults
    }
    Propagation propagation = PROPAGATING.get();
    if (propagation.failure == failure && propagation.reached == frame) {
      propagation.reached = caller; // its trace already shows this frame and all above
      if (caller == null) {
        propagation.failure = null;
      }
      return;
    }
    StackTraceElement[] trace = failure.getStackTrace();
    if (trace.length == 0) {
      return; // an exception without a stack trace wants none
    }
    Info info = info(frame);
    String machine = frame.getClass().getName();
    List<StackTraceElement> out = new ArrayList<>(trace.length + 8);
    boolean shown = false;
    int driver = -1;
    for (StackTraceElement element : trace) {
      if (info != null
          && element.getClassName().equals(machine)
          && element.getMethodName().equals("resume")) {
        out.add(info.at(info.templateLine(element)));
        shown = true;
        continue;
      }
      if (info != null
          && element.getClassName().equals(info.className())
          && element.getMethodName().equals(info.method())) {
        // Rethrown after a catch: the chain was added when it first left a frame.
        propagation.failure = failure;
        propagation.reached = caller;
        return;
      }
      if (driver < 0 && element.getClassName().equals(DRIVER)) {
        driver = out.size();
      }
      out.add(element);
    }
    int insertAt = driver < 0 ? out.size() : driver;
    if (!shown && info != null) {
      out.add(insertAt++, info.at(info.stateLine(frame.state)));
    }
    for (Gen<?, ?, ?> up = caller; up != null; up = up.callerFrame()) {
      out.add(insertAt++, waitingAt(up));
    }
    failure.setStackTrace(out.toArray(StackTraceElement[]::new));
    propagation.failure = caller == null ? null : failure;
    propagation.reached = caller;
  }

  /** Where each frame of a suspended chain waits, innermost first: for task dumps. */
  static List<StackTraceElement> chain(Gen<?, ?, ?> innermost) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (Gen<?, ?, ?> frame = innermost; frame != null; frame = frame.callerFrame()) {
      frames.add(waitingAt(frame));
    }
    return frames;
  }

  private static StackTraceElement waitingAt(Gen<?, ?, ?> frame) {
    Info info = info(frame);
    return info != null
        ? info.at(info.stateLine(frame.state))
        : new StackTraceElement(frame.getClass().getName(), "resume", null, -1);
  }
}
