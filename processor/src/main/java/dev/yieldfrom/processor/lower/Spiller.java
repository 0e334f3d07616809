package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.lower.BodyFacts.Helper;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.RuntimeNames;
import dev.yieldfrom.processor.read.BodyAttribution;
import dev.yieldfrom.processor.read.TemplateReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Lowers expressions that contain a suspension (Roslyn's await spilling): every operand Java
 * evaluates before a suspension is stored in a temporary first, unless its value cannot change,
 * so left-to-right order holds and nothing is evaluated twice; {@code &&}, {@code ||} and {@code
 * ?:} become jumps; compound assignments read their target before the right-hand side. Checks
 * the yielded and sent types at each {@code yieldValue}.
 */
final class Spiller {
  private final LoweringContext cx;
  private final CoroutineMethod method;
  private final BodyAttribution attribution;
  private final Diagnostics diagnostics;
  private final Types types;
  private final BodyFacts facts;
  private final Listing out;
  private final Map<Element, LocalVar> locals;
  private final SourceRewriter rewriter;

  Spiller(LoweringContext cx) {
    this.cx = cx;
    this.method = cx.method;
    this.attribution = cx.attribution;
    this.diagnostics = cx.diagnostics;
    this.types = cx.types;
    this.facts = cx.facts;
    this.out = cx.out;
    this.locals = cx.locals;
    this.rewriter = cx.rewriter;
  }

  Code condition(ExpressionTree condition) {
    ExpressionTree inner = LoweringContext.unparenthesized(condition);
    return expression(inner);
  }

  Code negate(ExpressionTree condition) {
    return Code.of("!(", condition(condition), ")");
  }

  /**
   * {@code tree} as code whose evaluation has no suspension left in it; the statements that
   * perform its facts are emitted first.
   */
  Code expression(ExpressionTree tree) {
    if (!facts.in(tree)) {
      if (tree instanceof NewArrayTree array && array.getType() == null) {
        // {1, 2} stands alone only in a declaration; lowered, it may become an assignment or a
        // temporary, so it gets its type.
        return Code.of("new ", cx.typeName(attribution.typeOf(tree), tree), " ", rewriter.print(tree));
      }
      return rewriter.print(tree);
    }
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return Code.of("(", expression(((ParenthesizedTree) tree).getExpression()), ")");
      case METHOD_INVOCATION:
        MethodInvocationTree invocation = (MethodInvocationTree) tree;
        if (facts.helperOf(tree) != null) {
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
        return cx.statements.switchExpression((com.sun.source.tree.SwitchExpressionTree) tree);
      case INSTANCE_OF:
        InstanceOfTree instanceOf = (InstanceOfTree) tree;
        if (instanceOf.getType() == null
            || !rewriter.hasSource(instanceOf.getType())
            || rewriter.end(instanceOf.getType()) != rewriter.end(instanceOf)) {
          return cx.unsupported(
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
        return cx.unsupported(
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
  Code suspendAt(MethodInvocationTree call) {
    Helper helper = facts.helperOf(call);
    ExpressionTree argument = call.getArguments().get(0);
    Code value = expression(argument);
    TypeMirror resultType = attribution.typeOf(call);
    if (helper == Helper.YIELD_VALUE) {
      checkYieldTypes(call, argument, resultType);
    }
    Label resume = out.newLabel();
    out.statement(Code.of(Names.STATE, " = ", resume.target(), ";"));
    // The value first: evaluating it may assign a local that the spill writes back.
    String suspended = cx.names.synthetic("suspended");
    out.statement(Code.of("final Object ", suspended, " = ", value, ";"));
    out.statement(Code.of(cx.mirrors.spill()));
    out.terminal(
        helper == Helper.YIELD_FROM
            ? Code.of("return ", RuntimeNames.DELEGATE, "(", suspended, ");")
            : Code.of("return ", suspended, ";"));
    out.markResumePoint(resume);
    cx.resumeLines.put(resume, cx.currentLine);
    out.statement(
        Code.of(
            "if (", Names.THROWN, " != null) {\n", Code.INDENT,
            "throw ", Names.THROWN, ";\n", Code.UNINDENT, "}"));
    if (resultType == null) {
      return Code.of(Names.SENT);
    }
    TypeName type = cx.typeName(resultType, call);
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
    value = LoweringContext.unparenthesized(value);
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
      if (facts.in(trees.get(i))) {
        lastSuspending = i;
      }
    }
    List<Code> codes = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      ExpressionTree tree = trees.get(i);
      Code code = expression(tree);
      if (i < lastSuspending && !isStable(tree, trees.subList(i + 1, trees.size()))) {
        LocalVar temporary = cx.temporary(attribution.typeOf(tree), tree);
        out.statement(Code.of(temporary, " = ", code, ";"));
        code = Code.of(temporary);
      }
      codes.add(code);
    }
    return codes;
  }

  /** Whether {@code tree}'s value is the same after the later operands were evaluated. */
  boolean isStable(ExpressionTree tree, List<? extends ExpressionTree> later) {
    tree = LoweringContext.unparenthesized(tree);
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
            if (variable.equals(attribution.elementOf(LoweringContext.unparenthesized(target)))) {
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
    if (!facts.in(tree.getRightOperand())) {
      return Code.of(expression(tree.getLeftOperand()), operator(tree), rewriter.print(tree.getRightOperand()));
    }
    LocalVar result = cx.temporary(types.getPrimitiveType(TypeKind.BOOLEAN), tree);
    out.statement(Code.of(result, " = ", expression(tree.getLeftOperand()), ";"));
    Label end = out.newLabel();
    out.jumpIf(isAnd ? Code.of("!", result) : Code.of(result), end);
    out.statement(Code.of(result, " = ", expression(tree.getRightOperand()), ";"));
    out.mark(end);
    return Code.of(result);
  }

  private Code conditional(ConditionalExpressionTree tree) {
    if (!facts.in(tree.getTrueExpression()) && !facts.in(tree.getFalseExpression())) {
      return Code.of(
          expression(tree.getCondition()),
          " ? ",
          rewriter.print(tree.getTrueExpression()),
          " : ",
          rewriter.print(tree.getFalseExpression()));
    }
    LocalVar result = cx.temporary(attribution.typeOf(tree), tree);
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
    target = LoweringContext.unparenthesized(target);
    if (target instanceof MemberSelectTree select && !isTypeOrKeyword(select.getExpression())) {
      return List.of(select.getExpression());
    }
    if (target instanceof ArrayAccessTree access) {
      return List.of(access.getExpression(), access.getIndex());
    }
    return List.of();
  }

  Code target(ExpressionTree target, List<Code> parts) {
    target = LoweringContext.unparenthesized(target);
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
    if (!facts.in(tree.getExpression())) {
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
        LocalVar temporary = cx.temporary(attribution.typeOf(part), part);
        out.statement(Code.of(temporary, " = ", code, ";"));
        code = Code.of(temporary);
      }
      codes.add(code);
    }
    Code target = target(tree.getVariable(), codes);
    TypeMirror targetType = attribution.typeOf(tree.getVariable());
    LocalVar old = cx.temporary(targetType, tree.getVariable());
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
    return promoted == left ? null : cx.typeName(target, tree);
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
      return cx.unsupported(
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
      Code code = Code.of("new ", cx.typeName(type, tree), " {");
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
    Code code = Code.of("new ", cx.typeName(element, tree));
    for (Code dimension : dimensions) {
      code.add("[").add(dimension).add("]");
    }
    for (int i = dimensions.size(); i < depth; i++) {
      code.add("[]");
    }
    return code;
  }
}
