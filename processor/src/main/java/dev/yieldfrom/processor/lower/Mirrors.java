package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.Fragment;
import dev.yieldfrom.processor.model.StateMachine;
import java.util.ArrayList;
import java.util.List;

/**
 * The body's lifted locals and parameters as Java locals of {@code resume} under the names the
 * user gave them, so that a debugger shows them at a breakpoint as it shows any method's locals.
 * Each is read from its field when resume starts and written back to it before each suspension;
 * between suspensions the code works on the local (which the JIT keeps in a register). A frame
 * that finishes, by returning or throwing, never runs again, so nothing is written back then.
 *
 * <p>The copies cost bytecode at every suspension point; a body whose copies would add more than
 * {@link #BUDGET} field writes keeps its lifted locals as fields only, so that the size of resume
 * stays clear of javac's and the JIT's limits.
 */
final class Mirrors {
  /** Field writes over all suspension points, at about five bytes of bytecode each. */
  static final int BUDGET = 200;

  private final List<LocalVar> variables;
  private int suspensions;
  private List<StateMachine.Field> mirrored;

  Mirrors(List<LocalVar> variables) {
    this.variables = variables;
  }

  /** The code, before a suspension returns, that writes the locals back to their fields. */
  Code.Spill spill() {
    suspensions++;
    return new Code.Spill(this);
  }

  /**
   * Which locals have a mirror. Known once the body is listed and liveness has decided which
   * locals are lifted: not before.
   */
  List<StateMachine.Field> mirrored() {
    if (mirrored == null) {
      List<StateMachine.Field> lifted = new ArrayList<>();
      for (LocalVar variable : variables) {
        if (variable.kind() != LocalVar.Kind.TEMPORARY && variable.isLifted() && variable.type() != null) {
          lifted.add(new StateMachine.Field(variable.name(), variable.type(), null));
        }
      }
      mirrored = lifted.size() * (suspensions + 1) > BUDGET ? List.of() : List.copyOf(lifted);
    }
    return mirrored;
  }

  void spillInto(List<Fragment.Part> out) {
    StringBuilder text = new StringBuilder();
    for (StateMachine.Field local : mirrored()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("this.").append(local.name()).append(" = ").append(local.name()).append(';');
    }
    if (text.length() > 0) {
      out.add(new Fragment.Text(text.toString()));
    }
  }
}
