package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.StateMachine;
import dev.yieldfrom.processor.read.BodyAttribution;
import dev.yieldfrom.processor.read.TemplateReader;
import dev.yieldfrom.processor.lower.Suspensions.Helper;
import dev.yieldfrom.processor.lower.TypeNames.UnnameableTypeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Lowers a template body into the states of a resume method.
 *
 * <p>Invariants: a statement with no suspension inside is copied (through {@link SourceRewriter})
 * and never restructured; a statement with one is exploded into states, with loops, branches and
 * jumps becoming assignments of {@code this.state}. Within an expression, every operand evaluated
 * before a suspension is stored in a temporary first, so Java's left-to-right order holds and
 * nothing is evaluated twice; {@code &&}, {@code ||} and {@code ?:} become jumps.
 */
public final class Lowering implements SourceRewriter.Hooks {
  private final CoroutineMethod method;
  private final BodyAttribution attribution;
  private final Diagnostics diagnostics;
  private final Types types;
  private final Elements elements;
  private final Suspensions suspensions;
  private final SourceRewriter rewriter;
  private final Listing out = new Listing();
  private final Jumps jumps = new Jumps();
  private final Names names = new Names();
  private final Map<Element, LocalVar> locals = new HashMap<>();
  private final List<LocalVar> variables = new ArrayList<>();
  private final Map<LocalVar, Tree> declarations = new HashMap<>();
  /** The template line of the statement being lowered, and of each resume point. */
  private long currentLine = -1;
  private final Map<Label, Long> resumeLines = new java.util.LinkedHashMap<>();

  private Lowering(
      CoroutineMethod method,
      BodyAttribution attribution,
      Diagnostics diagnostics,
      Elements elements,
      Types types) {
    this.method = method;
    this.attribution = attribution;
    this.diagnostics = diagnostics;
    this.types = types;
    this.elements = elements;
    this.suspensions = new Suspensions(attribution, diagnostics);
    this.rewriter =
        new SourceRewriter(
            attribution,
            diagnostics,
            elements,
            (TypeElement) method.element().getEnclosingElement(),
            this);
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
    Lowering lowering = new Lowering(method, attribution, diagnostics, elements, types);
    StateMachine machine = lowering.run();
    if (diagnostics.errorCount() > errorsBefore) {
      throw diagnostics.abort();
    }
    return machine;
  }

  private StateMachine run() {
    List<StateMachine.Field> parameters = new ArrayList<>();
    for (VariableElement parameter : method.element().getParameters()) {
      LocalVar local =
          new LocalVar(
              names.local(parameter.getSimpleName().toString()),
              LocalVar.Kind.PARAMETER,
              TypeName.get(parameter.asType()),
              parameter.asType());
      locals.put(parameter, local);
      variables.add(local);
      parameters.add(
          new StateMachine.Field(local.name(), local.type(), parameter.getSimpleName().toString()));
    }
    registerPatternBindings();
    reserveCopiedNames(attribution.method().getBody());
    lowerAll(attribution.method().getBody().getStatements());
    Liveness.run(out);
    List<StateMachine.Field> fields = new ArrayList<>(parameters);
    for (LocalVar variable : variables) {
      if (variable.kind() == LocalVar.Kind.PARAMETER || !variable.isLifted()) {
        continue;
      }
      if (variable.type() == null) {
        diagnostics.error(
            DiagnosticId.UNNAMEABLE_TYPE,
            "the local "
                + variable.name()
                + " lives across a suspension, so it becomes a field of the state machine, but its"
                + " type "
                + variable.mirror()
                + " cannot be named there; declare it with a named type (an interface or class"
                + " declared outside the method)",
            declarations.get(variable),
            attribution.unit());
        continue;
      }
      fields.add(new StateMachine.Field(variable.name(), variable.type(), null));
    }
    Map<Integer, Long> suspensionLines = new java.util.TreeMap<>();
    resumeLines.forEach((label, line) -> suspensionLines.put(label.state(), line));
    suspensionLines.put(0, attribution.line(attribution.method()));
    return new StateMachine(fields, out.states(), out.handlerTable(), suspensionLines);
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
            && !suspensions.in(tree)) {
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
          names.reserve(variable.getName().toString());
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
          Element element = attribution.elementOf(variable);
          if (element != null) {
            LocalVar local =
                newLocal(
                    variable.getName().toString(), LocalVar.Kind.TEMPORARY, element.asType(), variable);
            locals.put(element, local);
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
    }.scan(attribution.method().getBody(), null);
  }

  // ---------------------------------------------------------------- statements

  private void lowerAll(List<? extends StatementTree> statements) {
    for (StatementTree statement : statements) {
      lower(statement);
    }
  }

  private void lower(StatementTree statement) {
    if (statement instanceof VariableTree variable) {
      declare(variable);
      return;
    }
    if (statement instanceof BlockTree block) {
      // Statement by statement, so each copied line gets its comment and indentation.
      lowerAll(block.getStatements());
      return;
    }
    if (!suspensions.in(statement)) {
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
        lowerTry((TryTree) statement);
        break;
      case SWITCH:
        lowerSwitch((SwitchTree) statement);
        break;
      case YIELD:
        out.terminal(yieldCode(((com.sun.source.tree.YieldTree) statement).getValue(), true));
        break;
      case THROW:
        out.terminal(Code.of("throw ", expression(((ThrowTree) statement).getExpression()), ";"));
        break;
      default:
        unsupported(
            statement,
            "this statement cannot contain a suspension; move the yieldFrom into a statement of"
                + " its own before it");
        break;
    }
  }

  private void comment(Tree tree) {
    currentLine = attribution.line(tree);
    out.origin(currentLine, currentLine, rewriter.firstLine(tree));
  }

  /**
   * A copied statement that a jump leaves through a finally block of its own: the jump must not
   * set this.state before that finally has run (an exception it throws belongs to this state's
   * region), so it breaks out of a labeled block with its target in a local, and the state is
   * set after the block.
   */
  private static final class Unwinding {
    final String label;
    final String pending;
    boolean used;

    Unwinding(String label, String pending) {
      this.label = label;
      this.pending = pending;
    }
  }

  private Unwinding unwinding;

  /** Code that moves to {@code target} now: a jump, or a break out of an unwinding copy. */
  private Code transfer(Label target, boolean unwinds) {
    if (unwinds && unwinding != null) {
      unwinding.used = true;
      return Code.of(unwinding.pending, " = ", target.target(), "; break ", unwinding.label, ";");
    }
    return Code.of(Names.STATE, " = ", target.target(), "; continue ", Names.LOOP, ";");
  }

  private void copy(StatementTree statement) {
    if (statement instanceof com.sun.source.tree.ClassTree && attribution.elementOf(statement) != null) {
      localClasses.put(attribution.elementOf(statement), out.state());
    }
    // A copied statement keeps its line breaks, so "16-18" maps its generated lines one to one.
    currentLine = attribution.line(statement);
    long last = attribution.endLine(statement);
    out.origin(currentLine, Math.max(currentLine, last), rewriter.firstLine(statement));
    Unwinding context = new Unwinding(names.synthetic("copy"), names.synthetic("jump"));
    unwinding = context;
    Code code;
    try {
      code = Code.of(new Code.CopyStart(), rewriter.print(statement));
    } finally {
      unwinding = null;
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

  private void declare(VariableTree variable) {
    Element element = attribution.elementOf(variable);
    TypeMirror type = element != null ? element.asType() : attribution.typeOf(variable);
    LocalVar local = newLocal(variable.getName().toString(), LocalVar.Kind.LOCAL, type, variable);
    if (element != null) {
      locals.put(element, local);
    }
    comment(variable);
    Code declaredType =
        rewriter.hasSource(variable.getType()) ? rewriter.print(variable.getType()) : Code.of("var");
    if (variable.getModifiers().getFlags().contains(Modifier.FINAL)) {
      declaredType = Code.of("final ", declaredType);
    }
    ExpressionTree init = variable.getInitializer();
    Code initializer = null;
    if (init != null) {
      initializer = expression(init);
    }
    out.declare(local, declaredType, initializer);
  }

  private LocalVar newLocal(String name, LocalVar.Kind kind, TypeMirror type, Tree declaration) {
    TypeName typeName;
    try {
      typeName = type == null ? null : TypeNames.of(type);
    } catch (UnnameableTypeException e) {
      typeName = null;
    }
    LocalVar local =
        new LocalVar(
            kind == LocalVar.Kind.TEMPORARY ? names.temporary() : names.local(name),
            kind,
            typeName,
            type);
    variables.add(local);
    declarations.put(local, declaration);
    return local;
  }

  private LocalVar temporary(TypeMirror type, Tree forTree) {
    if (type == null) {
      diagnostics.error(
          DiagnosticId.UNKNOWN_TYPE,
          "cannot tell the type of this expression, which must be kept across a suspension;"
              + " assign it to a local with an explicit type first",
          forTree,
          attribution.unit());
      type = types.getNullType();
    }
    return newLocal(null, LocalVar.Kind.TEMPORARY, type, forTree);
  }

  private TypeName typeName(TypeMirror type, Tree tree) {
    try {
      return TypeNames.of(type);
    } catch (UnnameableTypeException e) {
      diagnostics.error(DiagnosticId.UNNAMEABLE_TYPE, e.getMessage(), tree, attribution.unit());
      return ClassName.OBJECT;
    }
  }

  private void expressionStatement(ExpressionTree expression) {
    Helper helper = suspensions.helperOf(expression);
    if (helper == Helper.YIELD_FROM || helper == Helper.YIELD_VALUE) {
      suspendAt((MethodInvocationTree) expression); // the value is discarded
      return;
    }
    out.statement(Code.of(expression(expression), ";"));
  }

  private void lowerIf(IfTree tree) {
    Label otherwise = out.newLabel();
    Label end = out.newLabel();
    out.jumpIf(negate(tree.getCondition()), tree.getElseStatement() != null ? otherwise : end);
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
      out.jumpIf(negate(tree.getCondition()), end);
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
    out.jumpIf(condition(tree.getCondition()), top);
    out.mark(end);
  }

  private void lowerFor(ForLoopTree tree, String label) {
    lowerAll(tree.getInitializer());
    Label head = out.newLabel();
    Label next = out.newLabel();
    Label end = out.newLabel();
    out.mark(head);
    if (tree.getCondition() != null && !Reachability.isLiteralTrue(tree.getCondition())) {
      out.jumpIf(negate(tree.getCondition()), end);
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
        newLocal(variable.getName().toString(), LocalVar.Kind.LOCAL, elementType, variable);
    if (element != null) {
      locals.put(element, loopVariable);
    }
    Code declaredType =
        rewriter.hasSource(variable.getType()) ? rewriter.print(variable.getType()) : Code.of("var");
    Code sourceCode = expression(source);
    if (sourceType != null && sourceType.getKind() == TypeKind.ARRAY) {
      LocalVar array = temporary(sourceType, source);
      LocalVar index = temporary(types.getPrimitiveType(TypeKind.INT), source);
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
                : typeName(iterated, source).box());
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
    if (value == null || suspensions.helperOf(value) != Helper.DONE) {
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
      result = expression(arguments.get(0));
    } else {
      result = rewriter.print(arguments.get(0));
    }
    return routeReturn(result, unwinds);
  }

  /** A return, through every enclosing finally first. */
  private Code routeReturn(Code value) {
    return routeReturn(value, false);
  }

  private Code routeReturn(Code value, boolean unwinds) {
    Jumps.Finally through = jumps.returnThrough();
    if (through == null) {
      return Code.of("return ", RuntimeNames.RETURN_VALUE, "(", value, ");");
    }
    through.returnsThrough = true;
    return Code.of(
        "{ ", returnSlot(), " = ", value, "; ", through.next, " = ", Jumps.Finally.RETURN + "",
        "; ", transfer(through.start, unwinds), " }");
  }

  private LocalVar returnSlot;

  /** Where a return value waits while finally blocks run. */
  private LocalVar returnSlot() {
    if (returnSlot == null) {
      returnSlot =
          new LocalVar(
              names.synthetic("returning"), LocalVar.Kind.TEMPORARY, ClassName.OBJECT, null);
      variables.add(returnSlot);
    }
    return returnSlot;
  }

  /** A jump, through the innermost finally it leaves, if any. */
  private Code routeJump(Jumps.Route route) {
    return routeJump(route, false);
  }

  private Code routeJump(Jumps.Route route, boolean unwinds) {
    if (route.through() == null) {
      return Code.of("{ ", transfer(route.target(), unwinds), " }");
    }
    Jumps.Finally through = route.through();
    if (!through.targets.contains(route.target())) {
      through.targets.add(route.target());
    }
    return Code.of(
        "{ ", through.next, " = ", route.target().target(), "; ", transfer(through.start, unwinds),
        " }");
  }

  // ---------------------------------------------------------------- try

  private void lowerTry(TryTree tree) {
    if (!tree.getResources().isEmpty()) {
      if (tree.getCatches().isEmpty() && tree.getFinallyBlock() == null) {
        lowerResources(tree, 0);
      } else {
        // Resources are closed before the catch and finally blocks run (JLS 14.20.3.2).
        lowerTry(() -> lowerResources(tree, 0), tree.getCatches(), tree.getFinallyBlock(), null);
      }
      return;
    }
    lowerTry(() -> lower(tree.getBlock()), tree.getCatches(), tree.getFinallyBlock(), null);
  }

  /** try (resource i, ...) { block }, one nested try/finally per resource. */
  private void lowerResources(TryTree tree, int index) {
    if (index == tree.getResources().size()) {
      lower(tree.getBlock());
      return;
    }
    Tree resource = tree.getResources().get(index);
    Code closed;
    if (resource instanceof VariableTree variable) {
      declare(variable);
      closed = Code.of(locals.get(attribution.elementOf(variable)));
    } else {
      ExpressionTree expression = (ExpressionTree) resource;
      closed = expression(expression);
      if (!isStable(expression, List.of())) {
        LocalVar held = temporary(attribution.typeOf(expression), expression);
        out.statement(Code.of(held, " = ", closed, ";"));
        closed = Code.of(held);
      }
    }
    Code resourceCode = closed;
    lowerTry(() -> lowerResources(tree, index + 1), List.of(), null, exit -> closeResource(resourceCode, exit));
  }

  /** Closes a resource as javac's desugaring does: a failure while unwinding is suppressed. */
  private void closeResource(Code resource, Jumps.Finally exit) {
    out.statement(
        Code.of(
            "if (", resource, " != null) {\n", Code.INDENT,
            "if (", exit.next, " == ", Jumps.Finally.RETHROW + "", ") {\n", Code.INDENT,
            "try {\n", Code.INDENT, resource, ".close();\n", Code.UNINDENT,
            "} catch (Throwable $suppressed) {\n", Code.INDENT,
            "if ($suppressed != ", exit.exception, ") {\n", Code.INDENT,
            exit.exception, ".addSuppressed($suppressed);\n", Code.UNINDENT, "}\n", Code.UNINDENT,
            "}\n", Code.UNINDENT,
            "} else {\n", Code.INDENT, resource, ".close();\n", Code.UNINDENT, "}\n", Code.UNINDENT,
            "}"));
  }

  /**
   * A try statement whose blocks suspend. The try block is one exception region whose handler
   * state matches the catch clauses; a catch block is a region whose handler runs the finally;
   * the finally block ends by replaying how it was entered (normally, by a jump, a return, or an
   * exception), routed through any outer finally.
   *
   * @param finallyCode emits the finally block when there is no {@code finallyBlock} (resources)
   */
  private void lowerTry(
      Runnable block,
      List<? extends CatchTree> catches,
      BlockTree finallyBlock,
      java.util.function.Consumer<Jumps.Finally> finallyCode) {
    boolean hasFinally = finallyBlock != null || finallyCode != null;
    Label outerHandler = out.handler();
    Label dispatch = out.newLabel();
    Label end = out.newLabel();
    Jumps.Finally exit = null;
    Label onException = null;
    if (hasFinally) {
      exit =
          new Jumps.Finally(
              out.newLabel(),
              new LocalVar(
                  names.synthetic("next"), LocalVar.Kind.TEMPORARY, TypeName.INT, null),
              new LocalVar(
                  names.synthetic("exception"),
                  LocalVar.Kind.TEMPORARY,
                  ClassName.get(Throwable.class),
                  null));
      variables.add(exit.next);
      variables.add(exit.exception);
      onException = out.newLabel();
      jumps.pushFinally(exit);
    }
    Label blockHandler = catches.isEmpty() ? onException : dispatch;
    out.enterRegion(blockHandler);
    block.run();
    out.exitRegion();
    completeInto(exit, end);
    if (!catches.isEmpty()) {
      // The handler of the try block: match the clauses in order, else leave through finally.
      out.enterRegion(outerHandler);
      out.mark(dispatch.target());
      List<Label> bodies = new ArrayList<>();
      for (CatchTree clause : catches) {
        bodies.add(matchCatch(clause));
      }
      if (hasFinally) {
        out.jump(onException);
      } else {
        out.terminal(Code.of("throw ", Names.CAUGHT, ";"));
      }
      out.exitRegion();
      for (int i = 0; i < catches.size(); i++) {
        out.enterRegion(hasFinally ? onException : outerHandler);
        out.markResumePoint(bodies.get(i).target());
        comment(catches.get(i));
        lower(catches.get(i).getBlock());
        completeInto(exit, end);
        out.exitRegion();
      }
    }
    if (hasFinally) {
      jumps.pop();
      out.enterRegion(outerHandler);
      out.markResumePoint(onException.target());
      out.statement(Code.of(exit.next, " = ", Jumps.Finally.RETHROW + "", ";"));
      out.statement(Code.of(exit.exception, " = ", Names.CAUGHT, ";"));
      out.mark(exit.start.target());
      if (finallyBlock != null) {
        long line = attribution.line(finallyBlock);
        out.origin(line, line, "finally");
        lower(finallyBlock);
      } else {
        finallyCode.accept(exit);
      }
      replay(exit, end);
      out.exitRegion();
    }
    out.mark(end);
  }

  /** Emits the test of one catch clause; returns the label of its body. */
  private Label matchCatch(CatchTree clause) {
    VariableTree parameter = clause.getParameter();
    Element element = attribution.elementOf(parameter);
    List<Tree> alternatives = new ArrayList<>();
    if (parameter.getType() instanceof UnionTypeTree union) {
      alternatives.addAll(union.getTypeAlternatives());
    } else {
      alternatives.add(parameter.getType());
    }
    TypeMirror caughtType = catchType(element, alternatives);
    LocalVar local =
        new LocalVar(
            names.local(parameter.getName().toString()),
            LocalVar.Kind.TEMPORARY,
            typeName(caughtType, parameter),
            caughtType);
    variables.add(local);
    if (element != null) {
      locals.put(element, local);
    }
    Code test = new Code();
    for (int i = 0; i < alternatives.size(); i++) {
      test.add(i == 0 ? "" : " || ")
          .add(Names.CAUGHT)
          .add(" instanceof ")
          .add(rewriter.print(alternatives.get(i)));
    }
    Label body = out.newLabel();
    Code cast =
        TypeNames.isObject(local.type()) || local.type().equals(ClassName.get(Throwable.class))
            ? Code.of(Names.CAUGHT)
            : Code.of("(", local.type(), ") ", Names.CAUGHT);
    out.statement(
        Code.of(
            "if (", test, ") {\n", Code.INDENT,
            local, " = ", cast, ";\n",
            Listing.jumpCode(body), "\n", Code.UNINDENT, "}"));
    return body;
  }

  /** The common supertype a (multi-)catch parameter is used as. */
  private TypeMirror catchType(Element element, List<Tree> alternatives) {
    TypeMirror type = element != null ? element.asType() : null;
    if (type != null && type.getKind() != TypeKind.UNION) {
      return type;
    }
    List<TypeMirror> options = new ArrayList<>();
    for (Tree alternative : alternatives) {
      options.add(attribution.typeOf(alternative));
    }
    TypeMirror candidate = options.get(0);
    while (candidate != null && candidate.getKind() == TypeKind.DECLARED) {
      TypeMirror c = candidate;
      if (options.stream().allMatch(o -> o != null && types.isAssignable(o, c))) {
        return candidate;
      }
      candidate = ((TypeElement) types.asElement(candidate)).getSuperclass();
    }
    return elements.getTypeElement("java.lang.Throwable").asType();
  }

  /** Normal completion of a try or catch block: on to the finally, or past the try. */
  private void completeInto(Jumps.Finally exit, Label end) {
    if (out.isTerminated()) {
      return;
    }
    if (exit == null) {
      out.jump(end);
      return;
    }
    if (!exit.targets.contains(end)) {
      exit.targets.add(end);
    }
    out.statement(Code.of(exit.next, " = ", end.target(), ";"));
    out.jump(exit.start);
  }

  /** The end of a finally block: continue as the try was left. */
  private void replay(Jumps.Finally exit, Label end) {
    if (out.isTerminated()) {
      return; // the finally block itself jumped, returned or threw: that wins, as in Java
    }
    out.statement(
        Code.of(
            "if (", exit.next, " == ", Jumps.Finally.RETHROW + "", ") {\n", Code.INDENT,
            "throw ", exit.exception, ";\n", Code.UNINDENT, "}"));
    if (exit.returnsThrough) {
      out.statement(
          Code.of(
              "if (", exit.next, " == ", Jumps.Finally.RETURN + "", ") ",
              routeReturn(Code.of(returnSlot()))));
    }
    for (Label target : exit.targets) {
      if (target == end) {
        continue;
      }
      out.statement(
          Code.of("if (", exit.next, " == ", target.target(), ") ", routeJump(jumps.routeTo(target))));
    }
    out.jump(end);
  }

  // ---------------------------------------------------------------- switch

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
    Code selector = expression(unparenthesized(selectorTree));
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
                  : rewriter.print(label));
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
  private Code switchExpression(com.sun.source.tree.SwitchExpressionTree tree) {
    LocalVar result = temporary(attribution.typeOf(tree), tree);
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
    Code code = lowered ? expression(value) : rewriter.print(value);
    return Code.of(
        "{ ", target.result(), " = ", code, "; ", routeJump(jumps.breakRoute(target.label()), unwinds),
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

  // ---------------------------------------------------------------- SourceRewriter hooks

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
    return routeJump(route, unwinds);
  }

  @Override
  public Code capture(LocalVar local) {
    return out.capture(local, names);
  }

  // ---------------------------------------------------------------- expressions

  private Code condition(ExpressionTree condition) {
    ExpressionTree inner = unparenthesized(condition);
    return expression(inner);
  }

  private Code negate(ExpressionTree condition) {
    return Code.of("!(", condition(condition), ")");
  }

  private static ExpressionTree unparenthesized(ExpressionTree tree) {
    while (tree instanceof ParenthesizedTree parenthesized) {
      tree = parenthesized.getExpression();
    }
    return tree;
  }

  /**
   * {@code tree} as code whose evaluation has no suspension left in it; the statements that
   * perform its suspensions are emitted first.
   */
  private Code expression(ExpressionTree tree) {
    if (!suspensions.in(tree)) {
      if (tree instanceof NewArrayTree array && array.getType() == null) {
        // {1, 2} stands alone only in a declaration; lowered, it may become an assignment or a
        // temporary, so it gets its type.
        return Code.of("new ", typeName(attribution.typeOf(tree), tree), " ", rewriter.print(tree));
      }
      return rewriter.print(tree);
    }
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return Code.of("(", expression(((ParenthesizedTree) tree).getExpression()), ")");
      case METHOD_INVOCATION:
        MethodInvocationTree invocation = (MethodInvocationTree) tree;
        if (suspensions.helperOf(tree) != null) {
          return suspendAt(invocation);
        }
        return invocation(invocation);
      case TYPE_CAST:
        TypeCastTree cast = (TypeCastTree) tree;
        return Code.of(
            "(", rewriter.print(cast.getType()), ") ", expression(cast.getExpression()));
      case MEMBER_SELECT:
        MemberSelectTree select = (MemberSelectTree) tree;
        return Code.of(expression(select.getExpression()), ".", select.getIdentifier().toString());
      case CONDITIONAL_AND:
      case CONDITIONAL_OR:
        return shortCircuit((BinaryTree) tree);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case ASSIGNMENT:
        return assignment((AssignmentTree) tree);
      case ARRAY_ACCESS:
        ArrayAccessTree access = (ArrayAccessTree) tree;
        List<Code> parts = operands(List.of(access.getExpression(), access.getIndex()));
        return Code.of(parts.get(0), "[", parts.get(1), "]");
      case NEW_CLASS:
        return newClass((NewClassTree) tree);
      case NEW_ARRAY:
        return newArray((NewArrayTree) tree);
      case SWITCH_EXPRESSION:
        return switchExpression((com.sun.source.tree.SwitchExpressionTree) tree);
      case INSTANCE_OF:
        InstanceOfTree instanceOf = (InstanceOfTree) tree;
        if (instanceOf.getType() == null
            || !rewriter.hasSource(instanceOf.getType())
            || rewriter.end(instanceOf.getType()) != rewriter.end(instanceOf)) {
          return unsupported(
              tree,
              "a pattern match on a suspending expression is not supported; assign the result to a"
                  + " local first, then match the local");
        }
        return Code.of(
            expression(instanceOf.getExpression()),
            " instanceof ",
            rewriter.print(instanceOf.getType()));
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        // The suspension is in the target's parts (arr[yieldFrom(i())]++): evaluate those first.
        UnaryTree step = (UnaryTree) tree;
        Code target = target(step.getExpression(), operands(targetParts(step.getExpression())));
        String operator =
            tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT
                ? "++"
                : "--";
        boolean prefix =
            tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.PREFIX_DECREMENT;
        return prefix ? Code.of(operator, target) : Code.of(target, operator);
      case UNARY_PLUS:
      case UNARY_MINUS:
      case BITWISE_COMPLEMENT:
      case LOGICAL_COMPLEMENT:
        UnaryTree unary = (UnaryTree) tree;
        return Code.of(
            rewriter.text(rewriter.start(tree), rewriter.start(unary.getExpression())),
            expression(unary.getExpression()));
      default:
        if (tree instanceof CompoundAssignmentTree compound) {
          return compoundAssignment(compound);
        }
        if (tree instanceof BinaryTree binary) {
          List<Code> sides = operands(List.of(binary.getLeftOperand(), binary.getRightOperand()));
          return Code.of(sides.get(0), operator(binary), sides.get(1));
        }
        return unsupported(
            tree,
            "a suspension inside this kind of expression ("
                + tree.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ") is not supported yet; assign the yieldFrom result to a local first");
    }
  }

  private String operator(BinaryTree binary) {
    return rewriter.text(rewriter.end(binary.getLeftOperand()), rewriter.start(binary.getRightOperand()));
  }

  /** A suspension point: yieldFrom(x) or yieldValue(x). Returns the code of its result. */
  private Code suspendAt(MethodInvocationTree call) {
    Helper helper = suspensions.helperOf(call);
    ExpressionTree argument = call.getArguments().get(0);
    Code value = expression(argument);
    TypeMirror resultType = attribution.typeOf(call);
    if (helper == Helper.YIELD_VALUE) {
      checkYieldTypes(call, argument, resultType);
    }
    Label resume = out.newLabel();
    out.statement(Code.of(Names.STATE, " = ", resume.target(), ";"));
    out.terminal(
        helper == Helper.YIELD_FROM
            ? Code.of("return ", RuntimeNames.DELEGATE, "(", value, ");")
            : Code.of("return ", value, ";"));
    out.markResumePoint(resume);
    resumeLines.put(resume, currentLine);
    out.statement(
        Code.of(
            "if (", Names.THROWN, " != null) {\n", Code.INDENT,
            "throw ", Names.THROWN, ";\n", Code.UNINDENT, "}"));
    if (resultType == null) {
      return Code.of(Names.SENT);
    }
    TypeName type = typeName(resultType, call);
    if (TypeNames.isObject(type)) {
      return Code.of(Names.SENT);
    }
    return Code.of("((", type, ") ", Names.SENT, ")");
  }

  private void checkYieldTypes(MethodInvocationTree call, ExpressionTree argument, TypeMirror received) {
    if (method.kind() != dev.yieldfrom.processor.model.CoroutineKind.GEN) {
      return;
    }
    TypeMirror yielded = method.returnType().getTypeArguments().get(0);
    checkYieldedType(argument, yielded);
    if (received != null
        && !received.toString().equals("java.lang.Object")
        && !types.isAssignable(method.sentType(), received)) {
      diagnostics.error(
          DiagnosticId.SENT_TYPE,
          "this generator is sent values of type "
              + method.sentType()
              + ", which cannot be used as "
              + received,
          call,
          attribution.unit());
    }
  }

  /**
   * A yielded value must fit the generator's Y. A conditional or switch expression passed to
   * yieldValue(Object) is typed Object by javac (a poly expression), so its arms are checked.
   */
  private void checkYieldedType(ExpressionTree value, TypeMirror yielded) {
    value = unparenthesized(value);
    if (value instanceof ConditionalExpressionTree conditional) {
      checkYieldedType(conditional.getTrueExpression(), yielded);
      checkYieldedType(conditional.getFalseExpression(), yielded);
      return;
    }
    if (value.getKind() == Tree.Kind.SWITCH_EXPRESSION || value.getKind() == Tree.Kind.LAMBDA_EXPRESSION) {
      return; // its arms' values are what javac checked; nothing reliable to add here
    }
    TypeMirror type = attribution.typeOf(value);
    if (type != null && type.getKind() != TypeKind.NULL && !types.isAssignable(type, yielded)) {
      diagnostics.error(
          DiagnosticId.YIELD_TYPE,
          "this generator yields " + yielded + ", so it cannot yield a value of type " + type,
          value,
          attribution.unit());
    }
  }

  private Code invocation(MethodInvocationTree call) {
    ExecutableElement target = attribution.methodOf(call);
    ExpressionTree select = call.getMethodSelect();
    ExpressionTree receiver = null;
    if (select instanceof MemberSelectTree member && !isTypeOrKeyword(member.getExpression())) {
      receiver = member.getExpression();
    }
    List<ExpressionTree> operandTrees = new ArrayList<>();
    if (receiver != null) {
      operandTrees.add(receiver);
    }
    operandTrees.addAll(call.getArguments());
    List<Code> codes = operands(operandTrees);
    Code receiverCode = receiver != null ? codes.get(0) : null;
    List<Code> arguments = codes.subList(receiver != null ? 1 : 0, codes.size());
    if (target != null && TemplateReader.isCoroutine(target)) {
      return rewriter.coroutineCall(call, target, receiverCode, arguments);
    }
    Code code = new Code();
    if (receiverCode != null) {
      String name = ((MemberSelectTree) select).getIdentifier().toString();
      code.add(receiverCode).add(".");
      if (!call.getTypeArguments().isEmpty()) {
        code.add(typeArguments(call.getTypeArguments()));
      }
      code.add(name);
    } else {
      code.add(rewriter.print(select));
    }
    code.add("(");
    for (int i = 0; i < arguments.size(); i++) {
      code.add(i == 0 ? "" : ", ").add(arguments.get(i));
    }
    return code.add(")");
  }

  private Code typeArguments(List<? extends Tree> arguments) {
    Code code = Code.of("<");
    for (int i = 0; i < arguments.size(); i++) {
      code.add(i == 0 ? "" : ", ").add(rewriter.print(arguments.get(i)));
    }
    return code.add(">");
  }

  private boolean isTypeOrKeyword(ExpressionTree tree) {
    if (tree instanceof IdentifierTree identifier
        && (identifier.getName().contentEquals("this") || identifier.getName().contentEquals("super"))) {
      return true;
    }
    Element element = attribution.elementOf(tree);
    return element instanceof TypeElement || element instanceof PackageElement;
  }

  /**
   * Lowers operands that Java evaluates left to right. Each operand before the last suspending
   * one is stored in a temporary unless its value cannot change across the suspension.
   */
  private List<Code> operands(List<? extends ExpressionTree> trees) {
    int lastSuspending = -1;
    for (int i = 0; i < trees.size(); i++) {
      if (suspensions.in(trees.get(i))) {
        lastSuspending = i;
      }
    }
    List<Code> codes = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      ExpressionTree tree = trees.get(i);
      Code code = expression(tree);
      if (i < lastSuspending && !isStable(tree, trees.subList(i + 1, trees.size()))) {
        LocalVar temporary = temporary(attribution.typeOf(tree), tree);
        out.statement(Code.of(temporary, " = ", code, ";"));
        code = Code.of(temporary);
      }
      codes.add(code);
    }
    return codes;
  }

  /** Whether {@code tree}'s value is the same after the later operands were evaluated. */
  private boolean isStable(ExpressionTree tree, List<? extends ExpressionTree> later) {
    tree = unparenthesized(tree);
    if (tree instanceof com.sun.source.tree.LiteralTree) {
      return true;
    }
    Element element = attribution.elementOf(tree);
    if (element instanceof VariableElement variable && variable.getConstantValue() != null) {
      return true;
    }
    if (tree instanceof IdentifierTree identifier) {
      if (identifier.getName().contentEquals("this")) {
        return true;
      }
      // A local of this frame can only change by an assignment among the later operands.
      return locals.containsKey(element) && !assignedIn(element, later);
    }
    return false;
  }

  private boolean assignedIn(Element variable, List<? extends ExpressionTree> trees) {
    boolean[] assigned = {false};
    TreeScanner<Void, Void> finder =
        new TreeScanner<>() {
          @Override
          public Void visitAssignment(AssignmentTree node, Void unused) {
            check(node.getVariable());
            return super.visitAssignment(node, unused);
          }

          @Override
          public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
            check(node.getVariable());
            return super.visitCompoundAssignment(node, unused);
          }

          @Override
          public Void visitUnary(UnaryTree node, Void unused) {
            check(node.getExpression());
            return super.visitUnary(node, unused);
          }

          private void check(ExpressionTree target) {
            if (variable.equals(attribution.elementOf(unparenthesized(target)))) {
              assigned[0] = true;
            }
          }
        };
    for (ExpressionTree tree : trees) {
      finder.scan(tree, null);
    }
    return assigned[0];
  }

  private Code shortCircuit(BinaryTree tree) {
    boolean isAnd = tree.getKind() == Tree.Kind.CONDITIONAL_AND;
    if (!suspensions.in(tree.getRightOperand())) {
      return Code.of(expression(tree.getLeftOperand()), operator(tree), rewriter.print(tree.getRightOperand()));
    }
    LocalVar result = temporary(types.getPrimitiveType(TypeKind.BOOLEAN), tree);
    out.statement(Code.of(result, " = ", expression(tree.getLeftOperand()), ";"));
    Label end = out.newLabel();
    out.jumpIf(isAnd ? Code.of("!", result) : Code.of(result), end);
    out.statement(Code.of(result, " = ", expression(tree.getRightOperand()), ";"));
    out.mark(end);
    return Code.of(result);
  }

  private Code conditional(ConditionalExpressionTree tree) {
    if (!suspensions.in(tree.getTrueExpression()) && !suspensions.in(tree.getFalseExpression())) {
      return Code.of(
          expression(tree.getCondition()),
          " ? ",
          rewriter.print(tree.getTrueExpression()),
          " : ",
          rewriter.print(tree.getFalseExpression()));
    }
    LocalVar result = temporary(attribution.typeOf(tree), tree);
    Label otherwise = out.newLabel();
    Label end = out.newLabel();
    out.jumpIf(negate(tree.getCondition()), otherwise);
    out.statement(Code.of(result, " = ", expression(tree.getTrueExpression()), ";"));
    out.jump(end);
    out.mark(otherwise);
    out.statement(Code.of(result, " = ", expression(tree.getFalseExpression()), ";"));
    out.mark(end);
    return Code.of(result);
  }

  /** The parts of an assignment target that Java evaluates before the right-hand side. */
  private List<ExpressionTree> targetParts(ExpressionTree target) {
    target = unparenthesized(target);
    if (target instanceof MemberSelectTree select && !isTypeOrKeyword(select.getExpression())) {
      return List.of(select.getExpression());
    }
    if (target instanceof ArrayAccessTree access) {
      return List.of(access.getExpression(), access.getIndex());
    }
    return List.of();
  }

  private Code target(ExpressionTree target, List<Code> parts) {
    target = unparenthesized(target);
    if (parts.isEmpty()) {
      return rewriter.print(target);
    }
    if (target instanceof MemberSelectTree select) {
      return Code.of(parts.get(0), ".", select.getIdentifier().toString());
    }
    return Code.of(parts.get(0), "[", parts.get(1), "]");
  }

  private Code assignment(AssignmentTree tree) {
    List<ExpressionTree> trees = new ArrayList<>(targetParts(tree.getVariable()));
    trees.add(tree.getExpression());
    List<Code> codes = operands(trees);
    Code value = codes.remove(codes.size() - 1);
    return Code.of(target(tree.getVariable(), codes), " = ", value);
  }

  private Code compoundAssignment(CompoundAssignmentTree tree) {
    List<ExpressionTree> parts = targetParts(tree.getVariable());
    if (!suspensions.in(tree.getExpression())) {
      List<Code> codes = operands(parts);
      return Code.of(
          target(tree.getVariable(), codes),
          rewriter.text(rewriter.end(tree.getVariable()), rewriter.start(tree.getExpression())),
          rewriter.print(tree.getExpression()));
    }
    // Java reads the target's old value before it evaluates the right-hand side.
    List<ExpressionTree> all = new ArrayList<>(parts);
    all.add(tree.getExpression());
    List<Code> codes = new ArrayList<>();
    for (ExpressionTree part : parts) {
      Code code = expression(part);
      if (!isStable(part, all.subList(all.indexOf(part) + 1, all.size()))) {
        LocalVar temporary = temporary(attribution.typeOf(part), part);
        out.statement(Code.of(temporary, " = ", code, ";"));
        code = Code.of(temporary);
      }
      codes.add(code);
    }
    Code target = target(tree.getVariable(), codes);
    TypeMirror targetType = attribution.typeOf(tree.getVariable());
    LocalVar old = temporary(targetType, tree.getVariable());
    out.statement(Code.of(old, " = ", target, ";"));
    Code value = expression(tree.getExpression());
    String operator = compoundOperator(tree);
    TypeName cast = compoundCast(targetType, attribution.typeOf(tree.getExpression()), operator, tree);
    // The right-hand side is one operand: v -= p - x means v = v - (p - x).
    Code combined = Code.of(old, " ", operator, " (", value, ")");
    return Code.of(target, " = ", cast == null ? combined : Code.of("(", cast, ") (", combined, ")"));
  }

  private String compoundOperator(CompoundAssignmentTree tree) {
    String text =
        rewriter.text(rewriter.end(tree.getVariable()), rewriter.start(tree.getExpression())).strip();
    return text.substring(0, text.length() - 1);
  }

  /** The cast Java's compound assignment applies implicitly, or null where none is needed. */
  private TypeName compoundCast(TypeMirror target, TypeMirror value, String operator, Tree tree) {
    if (target == null || !target.getKind().isPrimitive()) {
      return null; // String += anything, or a boxed target: assignment conversion suffices
    }
    TypeKind promoted;
    TypeKind left = target.getKind();
    if (operator.equals("<<") || operator.equals(">>") || operator.equals(">>>")) {
      promoted = promote(left, TypeKind.INT);
    } else {
      TypeKind right = value == null ? TypeKind.INT : unboxedKind(value);
      promoted = left == TypeKind.BOOLEAN ? TypeKind.BOOLEAN : promote(promote(left, right), TypeKind.INT);
    }
    return promoted == left ? null : typeName(target, tree);
  }

  private TypeKind unboxedKind(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return type.getKind();
    }
    try {
      return types.unboxedType(type).getKind();
    } catch (IllegalArgumentException notBoxed) {
      return TypeKind.INT;
    }
  }

  private static TypeKind promote(TypeKind a, TypeKind b) {
    for (TypeKind wide : List.of(TypeKind.DOUBLE, TypeKind.FLOAT, TypeKind.LONG)) {
      if (a == wide || b == wide) {
        return wide;
      }
    }
    return TypeKind.INT;
  }

  private Code newClass(NewClassTree tree) {
    if (tree.getClassBody() != null || tree.getEnclosingExpression() != null) {
      return unsupported(
          tree,
          "a suspension in the arguments of an anonymous or inner class creation is not supported;"
              + " assign the yieldFrom result to a local first");
    }
    List<Code> arguments = operands(tree.getArguments());
    Code code = Code.of("new ");
    if (!tree.getTypeArguments().isEmpty()) {
      code.add(typeArguments(tree.getTypeArguments()));
    }
    code.add(rewriter.print(tree.getIdentifier())).add("(");
    for (int i = 0; i < arguments.size(); i++) {
      code.add(i == 0 ? "" : ", ").add(arguments.get(i));
    }
    return code.add(")");
  }

  private Code newArray(NewArrayTree tree) {
    TypeMirror type = attribution.typeOf(tree);
    if (tree.getInitializers() != null) {
      List<Code> values = operands(tree.getInitializers());
      Code code = Code.of("new ", typeName(type, tree), " {");
      for (int i = 0; i < values.size(); i++) {
        code.add(i == 0 ? "" : ", ").add(values.get(i));
      }
      return code.add("}");
    }
    List<Code> dimensions = operands(tree.getDimensions());
    TypeMirror element = type;
    int depth = 0;
    while (element instanceof ArrayType array) {
      element = array.getComponentType();
      depth++;
    }
    Code code = Code.of("new ", typeName(element, tree));
    for (Code dimension : dimensions) {
      code.add("[").add(dimension).add("]");
    }
    for (int i = dimensions.size(); i < depth; i++) {
      code.add("[]");
    }
    return code;
  }

  private Code unsupported(Tree tree, String advice) {
    diagnostics.error(DiagnosticId.UNSUPPORTED, advice, tree, attribution.unit());
    return Code.of("null");
  }
}
