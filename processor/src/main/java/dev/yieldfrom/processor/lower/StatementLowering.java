package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.lower.BodyFacts.Helper;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Lowers statements (regenerator's explodeStatement): a statement without a suspension is copied
 * through {@link SourceRewriter}; one with a suspension is exploded into states, loops, branches,
 * labels and switches becoming jumps between states. Returns and jumps that leave a lowered try
 * are routed through its finally ({@link Jumps}). Answers the rewriter's questions about the
 * nodes it copies ({@link SourceRewriter.Hooks}).
 */
final class StatementLowering implements SourceRewriter.Hooks {
  private final LoweringContext cx;
  private final BodyAttribution attribution;
  private final Diagnostics diagnostics;
  private final Types types;
  private final BodyFacts facts;
  private final Listing out;
  private final Jumps jumps;
  private final Names names;
  private final Map<Element, LocalVar> locals;
  private final List<LocalVar> variables;

  StatementLowering(LoweringContext cx) {
    this.cx = cx;
    this.attribution = cx.attribution;
    this.diagnostics = cx.diagnostics;
    this.types = cx.types;
    this.facts = cx.facts;
    this.out = cx.out;
    this.jumps = cx.jumps;
    this.names = cx.names;
    this.locals = cx.locals;
    this.variables = cx.variables;
  }

  void lowerAll(List<? extends StatementTree> statements) {
    for (StatementTree statement : statements) {
      lower(statement);
    }
  }

  void lower(StatementTree statement) {
    if (statement instanceof VariableTree variable) {
      declare(variable);
      return;
    }
    if (statement instanceof BlockTree block) {
      // Statement by statement, so each copied line gets its comment and indentation.
      lowerAll(block.getStatements());
      return;
    }
    if (!facts.in(statement)) {
      copy(statement);
      return;
    }
    if (statement.getKind() != Tree.Kind.BLOCK) {
      comment(statement);
    }
    switch (statement.getKind()) {
      case BLOCK:
        lowerAll(((BlockTree) statement).getStatements());
        break;
      case EXPRESSION_STATEMENT:
        expressionStatement(((ExpressionStatementTree) statement).getExpression());
        break;
      case IF:
        lowerIf((IfTree) statement);
        break;
      case WHILE_LOOP:
        lowerWhile((WhileLoopTree) statement, null);
        break;
      case DO_WHILE_LOOP:
        lowerDoWhile((DoWhileLoopTree) statement, null);
        break;
      case FOR_LOOP:
        lowerFor((ForLoopTree) statement, null);
        break;
      case ENHANCED_FOR_LOOP:
        lowerForEach((EnhancedForLoopTree) statement, null);
        break;
      case LABELED_STATEMENT:
        lowerLabeled((LabeledStatementTree) statement);
        break;
      case RETURN:
        out.terminal(returnCode((ReturnTree) statement, true));
        break;
      case TRY:
        cx.tries.lowerTry((TryTree) statement);
        break;
      case SWITCH:
        lowerSwitch((SwitchTree) statement);
        break;
      case YIELD:
        out.terminal(yieldCode(((com.sun.source.tree.YieldTree) statement).getValue(), true));
        break;
      case THROW:
        out.terminal(Code.of("throw ", cx.spiller.expression(((ThrowTree) statement).getExpression()), ";"));
        break;
      default:
        cx.unsupported(
            statement,
            "this statement cannot contain a suspension; move the yieldFrom into a statement of"
                + " its own before it");
        break;
    }
  }

  void comment(Tree tree) {
    cx.currentLine = attribution.line(tree);
    out.origin(cx.currentLine, cx.currentLine, cx.rewriter.firstLine(tree));
  }

  private void copy(StatementTree statement) {
    if (statement instanceof com.sun.source.tree.ClassTree && attribution.elementOf(statement) != null) {
      localClasses.put(attribution.elementOf(statement), out.state());
    }
    // A copied statement keeps its line breaks, so "16-18" maps its generated lines one to one.
    cx.currentLine = attribution.line(statement);
    long last = attribution.endLine(statement);
    out.origin(cx.currentLine, Math.max(cx.currentLine, last), cx.rewriter.firstLine(statement));
    TryLowering.Unwinding context =
        new TryLowering.Unwinding(names.synthetic("copy"), names.synthetic("jump"));
    cx.tries.unwinding = context;
    Code code;
    try {
      code = Code.of(new Code.CopyStart(), cx.rewriter.print(statement));
    } finally {
      cx.tries.unwinding = null;
    }
    if (context.used) {
      out.verbatim(
          Code.of(
              "int ", context.pending, " = -1;\n",
              context.label, ": {\n", Code.INDENT, code, "\n", Code.UNINDENT, "}\n",
              "if (", context.pending, " >= 0) {\n", Code.INDENT,
              Names.STATE, " = ", context.pending, ";\n", "continue ", Names.LOOP, ";\n",
              Code.UNINDENT, "}"),
          false,
          false);
      return;
    }
    out.verbatim(
        code, Reachability.surelyCompletesNormally(statement), Reachability.isAbrupt(statement));
  }

  void declare(VariableTree variable) {
    Element element = attribution.elementOf(variable);
    TypeMirror type = element != null ? element.asType() : attribution.typeOf(variable);
    LocalVar local = cx.newLocal(variable.getName().toString(), LocalVar.Kind.LOCAL, type, variable);
    if (element != null) {
      locals.put(element, local);
    }
    comment(variable);
    Code declaredType =
        cx.rewriter.hasSource(variable.getType()) ? cx.rewriter.print(variable.getType()) : Code.of("var");
    if (variable.getModifiers().getFlags().contains(Modifier.FINAL)) {
      declaredType = Code.of("final ", declaredType);
    }
    ExpressionTree init = variable.getInitializer();
    Code initializer = null;
    if (init != null) {
      initializer = cx.spiller.expression(init);
    }
    out.declare(local, declaredType, initializer);
  }

  private void expressionStatement(ExpressionTree expression) {
    Helper helper = facts.helperOf(expression);
    if (helper == Helper.YIELD_FROM || helper == Helper.YIELD_VALUE) {
      cx.spiller.suspendAt((MethodInvocationTree) expression); // the value is discarded
      return;
    }
    out.statement(Code.of(cx.spiller.expression(expression), ";"));
  }

  private void lowerIf(IfTree tree) {
    Label otherwise = out.newLabel();
    Label end = out.newLabel();
    out.jumpIf(cx.spiller.negate(tree.getCondition()), tree.getElseStatement() != null ? otherwise : end);
    lower(tree.getThenStatement());
    if (tree.getElseStatement() != null) {
      out.jump(end);
      out.mark(otherwise);
      lower(tree.getElseStatement());
    }
    out.mark(end);
  }

  private void lowerWhile(WhileLoopTree tree, String label) {
    Label head = out.newLabel();
    Label end = out.newLabel();
    out.mark(head);
    if (!Reachability.isLiteralTrue(tree.getCondition())) {
      out.jumpIf(cx.spiller.negate(tree.getCondition()), end);
    }
    jumps.pushLoop(label, end, head);
    lower(tree.getStatement());
    jumps.pop();
    out.jump(head);
    out.mark(end);
  }

  private void lowerDoWhile(DoWhileLoopTree tree, String label) {
    Label top = out.newLabel();
    Label next = out.newLabel();
    Label end = out.newLabel();
    out.mark(top);
    jumps.pushLoop(label, end, next);
    lower(tree.getStatement());
    jumps.pop();
    out.mark(next);
    out.jumpIf(cx.spiller.condition(tree.getCondition()), top);
    out.mark(end);
  }

  private void lowerFor(ForLoopTree tree, String label) {
    lowerAll(tree.getInitializer());
    Label head = out.newLabel();
    Label next = out.newLabel();
    Label end = out.newLabel();
    out.mark(head);
    if (tree.getCondition() != null && !Reachability.isLiteralTrue(tree.getCondition())) {
      out.jumpIf(cx.spiller.negate(tree.getCondition()), end);
    }
    jumps.pushLoop(label, end, next);
    lower(tree.getStatement());
    jumps.pop();
    out.mark(next);
    for (ExpressionStatementTree update : tree.getUpdate()) {
      // An update has no semicolon of its own in the source.
      comment(update);
      expressionStatement(update.getExpression());
    }
    out.jump(head);
    out.mark(end);
  }

  private void lowerForEach(EnhancedForLoopTree tree, String label) {
    ExpressionTree source = tree.getExpression();
    TypeMirror sourceType = attribution.typeOf(source);
    VariableTree variable = tree.getVariable();
    Element element = attribution.elementOf(variable);
    TypeMirror elementType = element != null ? element.asType() : null;
    Label head = out.newLabel();
    Label end = out.newLabel();
    LocalVar loopVariable =
        cx.newLocal(variable.getName().toString(), LocalVar.Kind.LOCAL, elementType, variable);
    if (element != null) {
      locals.put(element, loopVariable);
    }
    Code declaredType =
        cx.rewriter.hasSource(variable.getType()) ? cx.rewriter.print(variable.getType()) : Code.of("var");
    Code sourceCode = cx.spiller.expression(source);
    if (sourceType != null && sourceType.getKind() == TypeKind.ARRAY) {
      LocalVar array = cx.temporary(sourceType, source);
      LocalVar index = cx.temporary(types.getPrimitiveType(TypeKind.INT), source);
      out.statement(Code.of(array, " = ", sourceCode, ";"));
      out.statement(Code.of(index, " = 0;"));
      Label next = out.newLabel();
      out.mark(head);
      out.jumpIf(Code.of(index, " >= ", array, ".length"), end);
      out.declare(loopVariable, declaredType, Code.of(array, "[", index, "]"));
      jumps.pushLoop(label, end, next);
      lower(tree.getStatement());
      jumps.pop();
      out.mark(next);
      out.statement(Code.of(index, "++;"));
      out.jump(head);
      out.mark(end);
      out.statement(Code.of(array, " = null;"));
      return;
    }
    TypeMirror iterated = iterableElementType(sourceType);
    TypeName iteratorType =
        ParameterizedTypeName.get(
            ClassName.get("java.util", "Iterator"),
            iterated == null
                ? com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)
                : cx.typeName(iterated, source).box());
    LocalVar typedIterator =
        new LocalVar(names.temporary(), LocalVar.Kind.TEMPORARY, iteratorType, sourceType);
    variables.add(typedIterator);
    out.statement(Code.of(typedIterator, " = ", sourceCode, ".iterator();"));
    out.mark(head);
    out.jumpIf(Code.of("!", typedIterator, ".hasNext()"), end);
    out.declare(loopVariable, declaredType, Code.of(typedIterator, ".next()"));
    jumps.pushLoop(label, end, head);
    lower(tree.getStatement());
    jumps.pop();
    out.jump(head);
    out.mark(end);
    out.statement(Code.of(typedIterator, " = null;"));
  }

  /** The E of the Iterable<E> that {@code type} implements, or null. */
  private TypeMirror iterableElementType(TypeMirror type) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    DeclaredType declared = (DeclaredType) type;
    if (((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.Iterable")) {
      return declared.getTypeArguments().isEmpty() ? null : declared.getTypeArguments().get(0);
    }
    for (TypeMirror supertype : types.directSupertypes(type)) {
      TypeMirror found = iterableElementType(supertype);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void lowerLabeled(LabeledStatementTree tree) {
    String label = tree.getLabel().toString();
    StatementTree inner = tree.getStatement();
    switch (inner.getKind()) {
      case WHILE_LOOP:
        lowerWhile((WhileLoopTree) inner, label);
        return;
      case DO_WHILE_LOOP:
        lowerDoWhile((DoWhileLoopTree) inner, label);
        return;
      case FOR_LOOP:
        lowerFor((ForLoopTree) inner, label);
        return;
      case ENHANCED_FOR_LOOP:
        lowerForEach((EnhancedForLoopTree) inner, label);
        return;
      default:
        Label end = out.newLabel();
        jumps.pushLabeled(label, end);
        lower(inner);
        jumps.pop();
        out.mark(end);
    }
  }

  private Code returnCode(ReturnTree tree, boolean lowered) {
    return returnCode(tree, lowered, false);
  }

  private Code returnCode(ReturnTree tree, boolean lowered, boolean unwinds) {
    ExpressionTree value = tree.getExpression();
    if (value == null || facts.helperOf(value) != Helper.DONE) {
      diagnostics.error(
          DiagnosticId.RETURN,
          "a coroutine body returns its result with return done(value); (or return done(); for"
              + " Co<Void>); to finish with another coroutine's result write"
              + " return done(yieldFrom(other()));",
          tree,
          attribution.unit());
      return Code.of("throw new IllegalStateException();");
    }
    List<? extends ExpressionTree> arguments = ((MethodInvocationTree) value).getArguments();
    Code result;
    if (arguments.isEmpty()) {
      result = Code.of("null");
    } else if (lowered) {
      result = cx.spiller.expression(arguments.get(0));
    } else {
      result = cx.rewriter.print(arguments.get(0));
    }
    return cx.tries.routeReturn(result, unwinds);
  }

  /**
   * A switch statement whose cases suspend: a copied switch on the selector jumps to one state
   * per case; the case bodies follow in order, so control falls through them as in Java.
   */
  private void lowerSwitch(SwitchTree tree) {
    Label end = out.newLabel();
    List<Label> bodies = dispatch(tree.getExpression(), tree.getCases(), end);
    jumps.pushSwitch(end);
    for (int i = 0; i < tree.getCases().size(); i++) {
      CaseTree clause = tree.getCases().get(i);
      out.markResumePoint(bodies.get(i).target());
      if (clause.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = clause.getBody();
        if (body instanceof StatementTree statement) {
          lower(statement);
        } else {
          expressionStatement((ExpressionTree) body);
        }
        out.jump(end);
      } else {
        lowerAll(clause.getStatements());
      }
    }
    jumps.pop();
    out.mark(end);
  }

  /**
   * Emits a copied switch on the selector that jumps to one state per case, and returns the
   * labels of those states, in case order.
   */
  private List<Label> dispatch(ExpressionTree selectorTree, List<? extends CaseTree> cases, Label end) {
    Code selector = cx.spiller.expression(LoweringContext.unparenthesized(selectorTree));
    List<Label> bodies = new ArrayList<>();
    Code dispatch = Code.of("switch (", selector, ") {\n", Code.INDENT);
    boolean hasDefault = false;
    for (CaseTree clause : cases) {
      Label body = out.newLabel();
      bodies.add(body);
      if (clause.getExpressions().isEmpty()) {
        hasDefault = true;
        dispatch.add("default:\n");
      } else {
        dispatch.add("case ");
        for (int i = 0; i < clause.getExpressions().size(); i++) {
          ExpressionTree label = clause.getExpressions().get(i);
          Element constant = attribution.elementOf(label);
          dispatch.add(i == 0 ? "" : ", ");
          dispatch.add(
              constant != null
                      && constant.getKind() == javax.lang.model.element.ElementKind.ENUM_CONSTANT
                  ? Code.of(constant.getSimpleName().toString())
                  : cx.rewriter.print(label));
        }
        dispatch.add(":\n");
      }
      dispatch.add(Code.INDENT).add(Listing.jumpCode(body)).add("\n").add(Code.UNINDENT);
    }
    dispatch.add(Code.UNINDENT).add("}");
    out.statement(dispatch);
    if (!hasDefault) {
      out.jump(end);
    } else {
      out.terminate();
    }
    return bodies;
  }

  /** Where a {@code yield} of the switch expression being lowered goes. */
  private record YieldTarget(LocalVar result, String label) {}

  private final java.util.ArrayDeque<YieldTarget> yieldTargets = new java.util.ArrayDeque<>();

  /**
   * A switch expression whose arms suspend: lowered like a switch statement, each arm storing
   * its value in a temporary and jumping past the switch.
   */
  Code switchExpression(com.sun.source.tree.SwitchExpressionTree tree) {
    LocalVar result = cx.temporary(attribution.typeOf(tree), tree);
    Label end = out.newLabel();
    List<Label> bodies = dispatch(tree.getExpression(), tree.getCases(), end);
    String label = names.synthetic("switch");
    jumps.pushLabeled(label, end);
    yieldTargets.push(new YieldTarget(result, label));
    for (int i = 0; i < tree.getCases().size(); i++) {
      CaseTree clause = tree.getCases().get(i);
      out.markResumePoint(bodies.get(i).target());
      if (clause.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = clause.getBody();
        if (body instanceof ExpressionTree value) {
          out.terminal(yieldCode(value, true));
        } else {
          lower((StatementTree) body);
        }
      } else {
        lowerAll(clause.getStatements());
      }
    }
    yieldTargets.pop();
    jumps.pop();
    out.mark(end);
    return Code.of(result);
  }

  /** {@code yield value;} of the switch expression being lowered, as code. */
  private Code yieldCode(ExpressionTree value, boolean lowered) {
    return yieldCode(value, lowered, false);
  }

  private Code yieldCode(ExpressionTree value, boolean lowered, boolean unwinds) {
    YieldTarget target = yieldTargets.peek();
    if (target == null) {
      throw new IllegalStateException("yield outside a lowered switch expression");
    }
    Code code = lowered ? cx.spiller.expression(value) : cx.rewriter.print(value);
    return Code.of(
        "{ ", target.result(), " = ", code, "; ", cx.tries.routeJump(jumps.breakRoute(target.label()), unwinds),
        " }");
  }

  /** The state each local class of the body is declared in. */
  private final Map<Element, Integer> localClasses = new HashMap<>();

  private final java.util.Set<Element> reportedLocalClasses = new java.util.HashSet<>();

  @Override
  public void localClassUsed(TypeElement type, Tree tree) {
    Integer declared = localClasses.get(type);
    if (declared != null && declared != out.state() && reportedLocalClasses.add(type)) {
      diagnostics.error(
          DiagnosticId.LOCAL_CLASS,
          "the local class "
              + type.getSimpleName()
              + " is used after a suspension, but the generated state machine can only see it"
              + " before; declare it as a (package-private) nested class outside the method",
          tree,
          attribution.unit());
    }
  }

  @Override
  public Code yieldOut(com.sun.source.tree.YieldTree tree, boolean unwinds) {
    return yieldCode(tree.getValue(), false, unwinds);
  }


  @Override
  public LocalVar local(Element variable) {
    return locals.get(variable);
  }

  @Override
  public Code returnStatement(ReturnTree tree, boolean unwinds) {
    return returnCode(tree, false, unwinds);
  }

  @Override
  public Code jumpOut(Tree tree, String label, boolean isContinue, boolean unwinds) {
    Jumps.Route route = isContinue ? jumps.continueRoute(label) : jumps.breakRoute(label);
    if (route == null) {
      throw new IllegalStateException("no target for " + tree);
    }
    return cx.tries.routeJump(route, unwinds);
  }

  @Override
  public Code capture(LocalVar local) {
    return out.capture(local, names);
  }

}
