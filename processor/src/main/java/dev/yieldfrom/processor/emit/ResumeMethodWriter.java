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
 */
final class ResumeMethodWriter {
  private static final String CAUGHT = "$caught";

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

  private ResumeMethodWriter() {}

  /**
   * @param loopLabel the label the loop is declared with: {@code resume}, which the states'
   *     jumps continue, or a token standing in for it while the writer places the body
   */
  static Body write(StateMachine machine, String loopLabel) {
    return new ResumeMethodWriter().body(machine, loopLabel);
  }

  private Body body(StateMachine machine, String loopLabel) {
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
      for (StateMachine.Step step : state.steps()) {
        if (step instanceof StateMachine.Comment comment) {
          body.add("$L\n", "// " + comment.text());
          origins.add(-1L);
          lastOrigin = comment.origin().first();
        } else if (step instanceof StateMachine.Statement statement) {
          statement(statement);
        } else {
          throw new IllegalStateException("unknown step " + step);
        }
      }
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
      if (part instanceof Fragment.Text text) {
        body.add("$L", text.text());
        for (int i = 0; i < text.text().length(); i++) {
          if (text.text().charAt(i) == '\n') {
            origins.add(templateLine(origin, line++, copyStart));
          }
        }
      } else if (part instanceof Fragment.Type type) {
        body.add("$T", type.type());
      } else if (part instanceof Fragment.Indent indent) {
        body.add(indent.in() ? "$>" : "$<");
      } else if (part instanceof Fragment.CopyStart) {
        copyStart = line;
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
