package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.VariableTree;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.StateMachine;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Lowers a template body into a {@link StateMachine}: the passes in order. One pre-scan ({@link
 * BodyFacts}) finds which trees suspend, the pattern bindings that become fields and the names
 * copied code declares; {@link StatementLowering} (with {@link TryLowering} and {@link Spiller})
 * lists the body's states in a {@link Listing}; {@link Liveness} decides which locals are fields;
 * the listing becomes the model.
 *
 * <p>Invariants: a statement with no suspension inside is copied (through {@link SourceRewriter})
 * and never restructured; a statement with one is exploded into states, with loops, branches and
 * jumps becoming assignments of {@code this.state}. Within an expression, every operand evaluated
 * before a suspension is stored in a temporary first, so Java's left-to-right order holds and
 * nothing is evaluated twice; {@code &&}, {@code ||} and {@code ?:} become jumps.
 */
public final class Lowering {
  private final LoweringContext cx;

  private Lowering(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Lowers {@code method}'s attributed body.
   *
   * @throws Diagnostics.AbortException after reporting errors at the offending trees
   */
  public static StateMachine lower(
      CoroutineMethod method,
      BodyAttribution attribution,
      Diagnostics diagnostics,
      Elements elements,
      Types types) {
    int errorsBefore = diagnostics.errorCount();
    Lowering lowering = new Lowering(new LoweringContext(method, attribution, diagnostics, elements, types));
    StateMachine machine = lowering.run();
    if (diagnostics.errorCount() > errorsBefore) {
      throw diagnostics.abort();
    }
    return machine;
  }

  private StateMachine run() {
    List<StateMachine.Field> parameters = new ArrayList<>();
    for (VariableElement parameter : cx.method.element().getParameters()) {
      LocalVar local =
          new LocalVar(
              cx.names.local(parameter.getSimpleName().toString()),
              LocalVar.Kind.PARAMETER,
              TypeName.get(parameter.asType()),
              parameter.asType());
      cx.locals.put(parameter, local);
      cx.variables.add(local);
      parameters.add(
          new StateMachine.Field(local.name(), local.type(), parameter.getSimpleName().toString()));
    }
    registerPatternBindings();
    cx.facts.copiedNames().forEach(cx.names::reserve);
    cx.statements.lowerAll(cx.attribution.method().getBody().getStatements());
    Liveness.run(cx.out);
    List<StateMachine.Field> fields = new ArrayList<>(parameters);
    for (LocalVar variable : cx.variables) {
      if (variable.kind() == LocalVar.Kind.PARAMETER || !variable.isLifted()) {
        continue;
      }
      if (variable.type() == null) {
        cx.diagnostics.error(
            DiagnosticId.UNNAMEABLE_TYPE,
            "the local "
                + variable.name()
                + " lives across a suspension, so it becomes a field of the state machine, but its"
                + " type "
                + variable.mirror()
                + " cannot be named there; declare it with a named type (an interface or class"
                + " declared outside the method)",
            cx.declarations.get(variable),
            cx.attribution.unit());
        continue;
      }
      fields.add(new StateMachine.Field(variable.name(), variable.type(), null));
    }
    Map<Integer, Long> suspensionLines = new java.util.TreeMap<>();
    cx.resumeLines.forEach((label, line) -> suspensionLines.put(label.state(), line));
    suspensionLines.put(0, cx.attribution.line(cx.attribution.method()));
    List<StateMachine.Field> mirrored = cx.mirrors.mirrored(); // before the states resolve
    return new StateMachine(
        fields, mirrored, cx.out.states(), cx.out.handlerTable(), suspensionLines);
  }

  /** Pattern variables become fields (see {@link BodyFacts#patternBindings()}). */
  private void registerPatternBindings() {
    for (VariableTree variable : cx.facts.patternBindings()) {
      Element element = cx.attribution.elementOf(variable);
      if (element != null) {
        LocalVar local =
            cx.newLocal(
                variable.getName().toString(), LocalVar.Kind.TEMPORARY, element.asType(), variable);
        cx.locals.put(element, local);
      }
    }
  }
}
