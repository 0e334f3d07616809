package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
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
 * Lowers a template body into a {@link StateMachine}: the passes in order. A pre-scan finds which
 * trees suspend ({@link Suspensions}), the pattern bindings that become fields and the names
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
    reserveCopiedNames(cx.attribution.method().getBody());
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

  /**
   * Java lets sibling blocks reuse a local's name, but lowered blocks share their state's scope:
   * a lowered local that stayed a Java local would clash with a copied statement declaring the
   * same name. So the names declared in copied code (statements without a suspension, lambdas)
   * are reserved before any lowered local gets its name.
   */
  private void reserveCopiedNames(BlockTree body) {
    new TreeScanner<Void, Void>() {
      private boolean copied;

      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        boolean outer = copied;
        if (tree instanceof StatementTree
            && !(tree instanceof BlockTree)
            && !(tree instanceof VariableTree)
            && !cx.suspensions.in(tree)) {
          copied = true;
        }
        try {
          return super.scan(tree, unused);
        } finally {
          copied = outer;
        }
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (copied) {
          cx.names.reserve(variable.getName().toString());
        }
        return super.visitVariable(variable, unused);
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void unused) {
        boolean outer = copied;
        copied = true;
        try {
          return super.visitLambdaExpression(node, unused);
        } finally {
          copied = outer;
        }
      }
    }.scan(body, null);
  }

  /**
   * A pattern variable ({@code o instanceof Integer n}) may be used in a later state than the test
   * that binds it, so each becomes a field, assigned where the pattern matches (see
   * {@link SourceRewriter}); those inside lambdas and classes of the body stay as they are.
   */
  private void registerPatternBindings() {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitInstanceOf(InstanceOfTree node, Void unused) {
        if (node.getPattern() instanceof com.sun.source.tree.BindingPatternTree binding) {
          VariableTree variable = binding.getVariable();
          Element element = cx.attribution.elementOf(variable);
          if (element != null) {
            LocalVar local =
                cx.newLocal(
                    variable.getName().toString(), LocalVar.Kind.TEMPORARY, element.asType(), variable);
            cx.locals.put(element, local);
          }
        }
        return super.visitInstanceOf(node, unused);
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, Void unused) {
        return null;
      }
    }.scan(cx.attribution.method().getBody(), null);
  }

}
