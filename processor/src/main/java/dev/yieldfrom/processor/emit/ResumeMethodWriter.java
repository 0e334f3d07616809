package dev.yieldfrom.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.yieldfrom.processor.model.Fragment;
import dev.yieldfrom.processor.model.LineTable;
import dev.yieldfrom.processor.model.RuntimeNames;
import dev.yieldfrom.processor.model.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the body of a state machine's {@code resume} method: a loop around a switch over the
 * states, and where the lowering made exception regions, a catch that sends each exception to its
 * handler state. Counts the lines as it writes them, so it knows which template line each line of
 * the body comes from (JavaPoet tells no positions, and the text is not read back).
 *
 * <p>A large body is split: javac refuses a method over 64 KB of bytecode, and HotSpot does not
 * compile one over 8,000 bytes. Its states are then cut into runs of consecutive states, each the
 * switch of a method {@code resume$N} of its own, and {@code resume} only picks the method of the
 * current state, keeps the exception table, and calls again when a state jumps out of its run
 * (which returns {@link #NEXT}). A small body keeps the one switch, so its dispatch costs the same.
 */
final class ResumeMethodWriter {
  static final String CAUGHT = "$caught";
  /** The static field of a split machine that a run of states returns to leave it. */
  static final String NEXT = RuntimeNames.NEXT_RUN;
  /**
   * The characters of code (not counting blanks) in one method at most, above which a body is
   * split. Generated code compiles to at most about one byte of bytecode per such character
   * (about half, typically: some 3,600 bytes), so a method stays under HotSpot's 8,000 bytes.
   */
  static final int METHOD_BUDGET = 8_000;

  /** The written methods of a state machine: {@code resume}, and the runs of a split one. */
  record Written(Body resume, List<Run> runs) {}

  /** A method {@code resume$N} that runs the states of one run. */
  record Run(String name, Body body) {}

  /**
   * A written body.
   *
   * @param loopLine the line of the body (1 is its first) that declares {@code loopLabel}
   * @param lines the body's line table, its lines counted from 1 at the body's first line
   */
  record Body(CodeBlock code, int loopLine, LineTable lines) {}

  private final CodeBlock.Builder body = CodeBlock.builder();
  /** The template line of each line written so far (index 0: line 1), or -1. */
  private final List<Long> origins = new ArrayList<>();
  /** The template line that structural lines (braces, case labels) are counted to. */
  private long lastOrigin = -1;
  /**
   * Whether this method declares the mirrors of lifted locals (see {@code lower/Mirrors}), so the
   * write-backs before suspensions are written: {@code resume} of a body in one method. A split
   * body's runs work on the fields, and their write-backs would assign each field to itself.
   */
  private boolean mirrors;

  private ResumeMethodWriter() {}

  /**
   * @param loopLabel the label the loop is declared with: {@code resume}, which the states'
   *     jumps continue, or a token standing in for it while the writer places the body
   * @param className the state machine's simple name, which qualifies {@link #NEXT} (a local of
   *     the template's could be named like it)
   */
  static Written write(StateMachine machine, String loopLabel, String className) {
    String next = className + "." + NEXT;
    List<List<StateMachine.State>> runs = runs(machine.states());
    if (runs.size() == 1) {
      return new Written(new ResumeMethodWriter().body(machine, loopLabel), List.of());
    }
    boolean handles = !machine.handlers().isEmpty();
    List<Run> written = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      List<StateMachine.State> run = runs.get(i);
      Integer nextState = i + 1 < runs.size() ? runs.get(i + 1).get(0).id() : null;
      written.add(
          new Run(
              RuntimeNames.RESUME + "$" + i,
              new ResumeMethodWriter().run(run, nextState, loopLabel + "$" + i, next)));
    }
    return new Written(
        new ResumeMethodWriter().dispatch(machine, runs, written, handles, loopLabel, next),
        written);
  }

  /** The states cut into runs of at most {@link #METHOD_BUDGET} (one run when all fit). */
  private static List<List<StateMachine.State>> runs(List<StateMachine.State> states) {
    List<List<StateMachine.State>> runs = new ArrayList<>();
    List<StateMachine.State> run = new ArrayList<>();
    int size = 0;
    int total = 0;
    for (StateMachine.State state : states) {
      int cost = size(state);
      total += cost;
      if (!run.isEmpty() && size + cost > METHOD_BUDGET) {
        runs.add(run);
        run = new ArrayList<>();
        size = 0;
      }
      run.add(state);
      size += cost;
    }
    runs.add(run);
    return total > METHOD_BUDGET ? runs : List.of(states);
  }

  private static int size(StateMachine.State state) {
    int size = 16; // the case label, its block, the jump table entry
    for (StateMachine.Step step : state.steps()) {
      if (step instanceof StateMachine.Statement statement) {
        for (Fragment.Part part : statement.code().parts()) {
          String text =
              part instanceof Fragment.Text t
                  ? t.text()
                  : part instanceof Fragment.WriteBack w ? w.text() : null;
          if (text != null) {
            size += (int) text.chars().filter(c -> !Character.isWhitespace(c)).count();
          } else if (part instanceof Fragment.Type) {
            size += 2;
          }
        }
      }
    }
    return size;
  }

  /** {@code resume} of a split machine: runs the method of the current state's run. */
  private Body dispatch(
      StateMachine machine,
      List<List<StateMachine.State>> runs,
      List<Run> written,
      boolean handles,
      String loopLabel,
      String next) {
    if (handles) {
      structural("$T $L = null;\n", Throwable.class, CAUGHT);
    }
    structural("$L: for (;;) {\n$>", loopLabel);
    int loopLine = origins.size();
    if (handles) {
      structural("try {\n$>");
    }
    structural("$T $L;\n", Object.class, RuntimeNames.RUN_RESULT);
    String arguments = RuntimeNames.SENT + ", " + RuntimeNames.THROWN + (handles ? ", " + CAUGHT : "");
    for (int i = 0; i < runs.size(); i++) {
      List<StateMachine.State> run = runs.get(i);
      int last = run.get(run.size() - 1).id();
      structural(
          "$Lif (this.$L <= $L) {\n$>$L = $L($L);\n$<",
          i == 0 ? "" : "} else ",
          RuntimeNames.STATE,
          last,
          RuntimeNames.RUN_RESULT,
          written.get(i).name(),
          arguments);
    }
    structural(
        "} else {\n$>throw new $T(\"invalid state \" + this.$L);\n$<}\n",
        IllegalStateException.class,
        RuntimeNames.STATE);
    structural(
        "if ($L != $L) {\n$>return $L;\n$<}\n", RuntimeNames.RUN_RESULT, next, RuntimeNames.RUN_RESULT);
    if (handles) {
      handlers(machine.handlers());
    }
    structural("$<}\n");
    return new Body(body.build(), loopLine, table());
  }

  /**
   * {@code resume$N}: the switch over one run. A state that jumps to a state of another run finds
   * no case for it and returns {@link #NEXT}; the last state, if it falls through, goes on to the
   * first state of the next run ({@code next}) the same way.
   */
  private Body run(
      List<StateMachine.State> states, Integer next, String loopLabel, String nextRun) {
    structural("$L: for (;;) {\n$>", loopLabel);
    int loopLine = origins.size();
    structural("switch (this.$L) {\n$>", RuntimeNames.STATE);
    for (int i = 0; i < states.size(); i++) {
      StateMachine.State state = states.get(i);
      boolean fallsOut = next != null && i == states.size() - 1;
      structural("case $L: {\n$>", state.id());
      if (fallsOut) {
        structural("if (true) {\n$>"); // lets the jump below follow a state that cannot complete
      }
      steps(state);
      if (fallsOut) {
        structural("$<}\n");
        structural("this.$L = $L;\nreturn $L;\n", RuntimeNames.STATE, next, nextRun);
      }
      structural("$<}\n");
    }
    structural("default:\n$>return $L;\n$<", nextRun);
    structural("$<}\n");
    structural("$<}\n");
    return new Body(body.build(), loopLine, table());
  }

  private Body body(StateMachine machine, String loopLabel) {
    mirrors = true;
    for (StateMachine.Field local : machine.mirrored()) {
      structural("$T $L = this.$L;\n", local.type(), local.name(), local.name());
    }
    boolean handles = !machine.handlers().isEmpty();
    if (handles) {
      structural("$T $L = null;\n", Throwable.class, CAUGHT);
    }
    structural("$L: for (;;) {\n$>", loopLabel);
    int loopLine = origins.size();
    if (handles) {
      structural("try {\n$>");
    }
    structural("switch (this.$L) {\n$>", RuntimeNames.STATE);
    for (StateMachine.State state : machine.states()) {
      structural("case $L: {\n$>", state.id());
      steps(state);
      structural("$<}\n");
    }
    structural(
        "default:\n$>throw new $T(\"invalid state \" + this.$L);\n$<",
        IllegalStateException.class,
        RuntimeNames.STATE);
    structural("$<}\n");
    if (handles) {
      handlers(machine.handlers());
    }
    structural("$<}\n");
    return new Body(body.build(), loopLine, table());
  }

  private void steps(StateMachine.State state) {
    for (StateMachine.Step step : state.steps()) {
      if (step instanceof StateMachine.Comment comment) {
        body.add("$L\n", "// " + comment.text());
        origins.add(-1L);
        lastOrigin = comment.origin().first();
      } else if (step instanceof StateMachine.Statement statement) {
        if (!mirrors
            && statement.code().parts().stream().allMatch(p -> p instanceof Fragment.WriteBack)) {
          continue; // nothing but write-backs, of a method without mirrors
        }
        statement(statement);
      } else {
        throw new IllegalStateException("unknown step " + step);
      }
    }
  }

  /** The exception table: which state handles an exception thrown in which state. */
  private void handlers(Map<Integer, List<Integer>> handlers) {
    structural("$<} catch ($T $$e) {\n$>", Throwable.class);
    structural("$L = $$e;\n", CAUGHT);
    structural("switch (this.$L) {\n$>", RuntimeNames.STATE);
    for (Map.Entry<Integer, List<Integer>> entry : handlers.entrySet()) {
      StringBuilder cases = new StringBuilder();
      for (int state : entry.getValue()) {
        cases.append("case ").append(state).append(":\n");
      }
      structural("$L", cases.toString());
      structural(
          "$>this.$L = $L;\ncontinue $L;\n$<", RuntimeNames.STATE, entry.getKey(), RuntimeNames.RESUME);
    }
    structural("default:\n$>throw $$e;\n$<");
    structural("$<}\n");
    structural("$<}\n");
  }

  /**
   * Writes code that comes from no statement of its own; its lines count to the template line
   * of the statement before, as an exception can only be thrown by a statement.
   */
  private void structural(String format, Object... args) {
    body.add(format, args);
    long newlines = format.chars().filter(c -> c == '\n').count();
    for (Object arg : args) {
      if (arg instanceof String text) {
        newlines += text.chars().filter(c -> c == '\n').count();
      }
    }
    for (long i = 0; i < newlines; i++) {
      origins.add(lastOrigin);
    }
  }

  /** Writes one statement, and the template line of each of its lines. */
  private void statement(StateMachine.Statement statement) {
    StateMachine.Origin origin = statement.origin();
    int line = 0;
    int copyStart = -1;
    for (Fragment.Part part : statement.code().parts()) {
      String written =
          part instanceof Fragment.Text text
              ? text.text()
              : part instanceof Fragment.WriteBack writeBack && mirrors ? writeBack.text() : null;
      if (written != null) {
        body.add("$L", written);
        for (int i = 0; i < written.length(); i++) {
          if (written.charAt(i) == '\n') {
            origins.add(templateLine(origin, line++, copyStart));
          }
        }
      } else if (part instanceof Fragment.Type type) {
        body.add("$T", type.type());
      } else if (part instanceof Fragment.Indent indent) {
        body.add(indent.in() ? "$>" : "$<");
      } else if (part instanceof Fragment.CopyStart) {
        copyStart = line;
      } else if (part instanceof Fragment.WriteBack) {
        // left out: see mirrors
      } else {
        throw new IllegalStateException("unknown part " + part);
      }
    }
    body.add("\n");
    long last = templateLine(origin, line, copyStart);
    origins.add(last);
    lastOrigin = last;
  }

  /** The template line of line {@code line} (0: the first) of a statement. */
  private static long templateLine(StateMachine.Origin origin, int line, int copyStart) {
    if (origin == null) {
      return -1;
    }
    if (copyStart < 0 || line < copyStart) {
      return origin.first();
    }
    return Math.min(origin.first() + line - copyStart, origin.last());
  }

  private LineTable table() {
    List<LineTable.Range> ranges = new ArrayList<>();
    int from = -1;
    for (int i = 0; i <= origins.size(); i++) {
      long origin = i < origins.size() ? origins.get(i) : -1;
      if (from >= 0 && (origin != origins.get(from))) {
        ranges.add(new LineTable.Range(from + 1, i, origins.get(from)));
        from = -1;
      }
      if (from < 0 && origin >= 0) {
        from = i;
      }
    }
    return new LineTable(ranges);
  }
}
