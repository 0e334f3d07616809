package dev.yieldfrom.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the stack trace of an exception that leaves a coroutine show the user's code: frames of
 * a generated state machine become frames of the template method, at the template's file and
 * line, and each coroutine awaiting the failed one (up its {@code yieldFrom} chain) gets a frame
 * at the line where it waits, as Python's traceback shows every frame of a {@code yield from}
 * chain.
 *
 * <p>Runs only when an exception leaves a frame; the normal resume path never comes here. Set the
 * system property {@code yieldfrom.plainStackTraces=true} to leave stack traces untouched.
 */
final class Traceback {
  static final boolean ENABLED = !Boolean.getBoolean("yieldfrom.plainStackTraces");

  private static final String DRIVER = Gen.class.getName();
  private static final Map<Class<?>, Info> INFOS = new ConcurrentHashMap<>();
  private static final Info NONE = new Info("", "", "", new int[0], new int[0]);

  private Traceback() {}

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

    /** The template line a line of the generated resume method comes from, or -1. */
    int templateLine(int generatedLine) {
      for (int i = 0; i + 2 < ranges.length; i += 3) {
        if (generatedLine >= ranges[i] && generatedLine <= ranges[i + 1]) {
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
    StackTraceElement[] trace = failure.getStackTrace();
    if (trace.length == 0) {
      return; // an exception without a stack trace wants none
    }
    Info info = info(frame);
    String machine = frame.getClass().getName();
    List<StackTraceElement> out = new ArrayList<>(trace.length + 2);
    boolean shown = false;
    int driver = -1;
    boolean inMachine = false;
    for (StackTraceElement element : trace) {
      if (info != null
          && element.getClassName().equals(machine)
          && element.getMethodName().startsWith("resume")) {
        // A large body's resume calls the method of the run of states that failed (resume$N):
        // the frames are one frame of the template, at the line of the innermost.
        if (!inMachine) {
          out.add(info.at(info.templateLine(element.getLineNumber())));
        }
        inMachine = true;
        shown = true;
        continue;
      }
      inMachine = false;
      if (info != null
          && element.getClassName().equals(info.className())
          && element.getMethodName().equals(info.method())) {
        shown = true; // added when it was the caller of the frame that failed before
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
    Info callerInfo = caller == null ? null : info(caller);
    if (callerInfo != null) {
      out.add(insertAt, callerInfo.at(callerInfo.stateLine(caller.state)));
    }
    failure.setStackTrace(out.toArray(StackTraceElement[]::new));
  }

  /** Where each frame of a suspended chain waits, innermost first: for task dumps. */
  static List<StackTraceElement> chain(Gen<?, ?, ?> innermost) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (Gen<?, ?, ?> frame = innermost; frame != null; frame = frame.callerFrame()) {
      Info info = info(frame);
      frames.add(
          info != null
              ? info.at(info.stateLine(frame.state))
              : new StackTraceElement(frame.getClass().getName(), "resume", null, -1));
    }
    return frames;
  }
}
