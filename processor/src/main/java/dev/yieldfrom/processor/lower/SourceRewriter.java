package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import dev.yieldfrom.processor.check.TemplateAccess;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.model.RuntimeNames;
import dev.yieldfrom.processor.read.BodyAttribution;
import dev.yieldfrom.processor.read.TemplateReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Prints a template subtree as generated code: the user's own text, exactly, with only the names
 * the state machine must see differently spliced in. A body local becomes its {@link LocalVar};
 * a member of the template's class is qualified ({@code $self.count}, {@code Chain.helper}); a
 * type becomes a JavaPoet type so imports are managed; a call of a {@code @Coroutine} method goes
 * to its companion's factory; {@code break}, {@code continue} and {@code return} that leave the
 * copied statement become jumps of the state machine.
 */
final class SourceRewriter {
  /** What the lowering decides for the nodes the rewriter cannot decide alone. */
  interface Hooks {
    /** The local a body variable became, or null if it was declared inside copied code. */
    LocalVar local(Element variable);

    /**
     * Code for a {@code return} statement of the body; {@code unwinds} when a finally block or a
     * resource of the copied statement lies between it and the statement's end.
     */
    Code returnStatement(ReturnTree tree, boolean unwinds);

    /** Code for a {@code break}/{@code continue} that leaves the copied statement. */
    Code jumpOut(Tree tree, String label, boolean isContinue, boolean unwinds);

    /** Code for a body local read inside a lambda or a class of the body. */
    Code capture(LocalVar local);

    /** Code for a {@code yield} that leaves the copied statement for a lowered switch expression. */
    Code yieldOut(com.sun.source.tree.YieldTree tree, boolean unwinds);

    /** A local class of the body is named here (it must be in scope: the same state). */
    void localClassUsed(TypeElement type, Tree tree);
  }

  private final BodyAttribution attribution;
  private final Diagnostics diagnostics;
  private final Elements elements;
  private final TypeElement template;
  private final Hooks hooks;
  private final CharSequence source;
  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  private final TemplateAccess checks;

  // Where the scan is, shared by nested print() calls made while rewriting a node.
  private final Deque<TypeElement> bodyClasses = new ArrayDeque<>();
  private int lambdaDepth;
  private int finallyDepth;
  private final Deque<String> innerTargets = new ArrayDeque<>();
  private final Map<Tree, Boolean> caseLabels = new IdentityHashMap<>();
  private final Map<Tree, Boolean> resourceReferences = new IdentityHashMap<>();

  SourceRewriter(
      BodyAttribution attribution,
      Diagnostics diagnostics,
      Elements elements,
      TypeElement template,
      Hooks hooks) {
    this.attribution = attribution;
    this.diagnostics = diagnostics;
    this.elements = elements;
    this.template = template;
    this.hooks = hooks;
    this.unit = attribution.unit();
    this.checks = new TemplateAccess(diagnostics, unit, elements, template);
    this.positions = attribution.positions();
    try {
      this.source = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long start(Tree tree) {
    return positions.getStartPosition(unit, tree);
  }

  long end(Tree tree) {
    return positions.getEndPosition(unit, tree);
  }

  boolean hasSource(Tree tree) {
    return tree != null && start(tree) >= 0 && end(tree) >= 0;
  }

  /** The template's text between two offsets. */
  String text(long from, long to) {
    return source.subSequence((int) from, (int) to).toString();
  }

  /** The first line of {@code tree}'s text, for the comment above its generated code. */
  String firstLine(Tree tree) {
    String text = text(start(tree), end(tree));
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline) + " ...").strip();
  }

  /** {@code tree} as generated code, dedented so that its first line starts at column 0. */
  Code print(Tree tree) {
    if (!hasSource(tree)) {
      throw new IllegalStateException("no source position for " + tree.getKind() + ": " + tree);
    }
    List<Splice> splices = new ArrayList<>();
    new Scanner(splices).scan(tree, null);
    splices.sort(Comparator.comparingLong(Splice::start));
    Code code = new Code();
    long position = start(tree);
    int column = column(position);
    for (Splice splice : splices) {
      if (splice.start() < position) {
        continue; // one tree reached twice: an anonymous class's supertype is also its 'new' name
      }
      code.add(dedent(text(position, splice.start()), column));
      code.add(splice.code());
      position = splice.end();
    }
    code.add(dedent(text(position, end(tree)), column));
    return code;
  }

  private int column(long position) {
    int column = 0;
    for (long i = position - 1; i >= 0 && source.charAt((int) i) != '\n'; i--) {
      column++;
    }
    return column;
  }

  private static String dedent(String text, int column) {
    if (column == 0 || text.indexOf('\n') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i++);
      out.append(c);
      if (c == '\n') {
        for (int skipped = 0;
            skipped < column && i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t');
            skipped++) {
          i++;
        }
      }
    }
    return out.toString();
  }

  private record Splice(long start, long end, Code code) {}

  private final class Scanner extends TreeScanner<Void, Void> {
    private final List<Splice> splices;

    Scanner(List<Splice> splices) {
      this.splices = splices;
    }

    @Override
    public Void scan(Tree tree, Void unused) {
      if (tree == null) {
        return null;
      }
      if (start(tree) < 0 || end(tree) < start(tree)) {
        // Synthetic: the type javac put in place of 'var', a record's generated members.
        return null;
      }
      Code replacement = rewrite(tree);
      if (replacement != null) {
        splices.add(new Splice(start(tree), end(tree), replacement));
        return null;
      }
      return super.scan(tree, unused);
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      Element element = attribution.elementOf(tree);
      bodyClasses.push(element instanceof TypeElement t ? t : template);
      try {
        return super.visitClass(tree, unused);
      } finally {
        bodyClasses.pop();
      }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      lambdaDepth++;
      try {
        return super.visitLambdaExpression(tree, unused);
      } finally {
        lambdaDepth--;
      }
    }

    @Override
    public Void visitTry(com.sun.source.tree.TryTree tree, Void unused) {
      for (Tree resource : tree.getResources()) {
        if (resource instanceof IdentifierTree) {
          resourceReferences.put(resource, true);
        }
      }
      // Jumps out of the try block run its finally (and close its resources) on the way out.
      boolean unwinds = tree.getFinallyBlock() != null || !tree.getResources().isEmpty();
      scan(tree.getResources(), unused);
      if (unwinds) {
        finallyDepth++;
      }
      try {
        scan(tree.getBlock(), unused);
        scan(tree.getCatches(), unused);
      } finally {
        if (unwinds) {
          finallyDepth--;
        }
      }
      scan(tree.getFinallyBlock(), unused);
      return null;
    }

    @Override
    public Void visitCase(CaseTree tree, Void unused) {
      for (ExpressionTree label : tree.getExpressions()) {
        caseLabels.put(label, true);
      }
      return super.visitCase(tree, unused);
    }

    @Override
    public Void visitLabeledStatement(LabeledStatementTree tree, Void unused) {
      return within("label:" + tree.getLabel(), () -> super.visitLabeledStatement(tree, unused));
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree tree, Void unused) {
      return within("loop", () -> super.visitWhileLoop(tree, unused));
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree tree, Void unused) {
      return within("loop", () -> super.visitDoWhileLoop(tree, unused));
    }

    @Override
    public Void visitForLoop(ForLoopTree tree, Void unused) {
      return within("loop", () -> super.visitForLoop(tree, unused));
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
      return within("loop", () -> super.visitEnhancedForLoop(tree, unused));
    }

    @Override
    public Void visitSwitch(SwitchTree tree, Void unused) {
      return within("switch", () -> super.visitSwitch(tree, unused));
    }

    @Override
    public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree tree, Void unused) {
      return within("switch-expression", () -> super.visitSwitchExpression(tree, unused));
    }

    private Void within(String target, Runnable scan) {
      innerTargets.push(target);
      try {
        scan.run();
      } finally {
        innerTargets.pop();
      }
      return null;
    }
  }

  private boolean inBodyCode() {
    return bodyClasses.isEmpty() && lambdaDepth == 0;
  }

  /** The replacement for {@code tree}, or null to copy it (and rewrite inside it). */
  private Code rewrite(Tree tree) {
    switch (tree.getKind()) {
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case METHOD_INVOCATION:
        return invocation((MethodInvocationTree) tree);
      case NEW_CLASS:
        checkInnerCreation((NewClassTree) tree);
        return null;
      case INSTANCE_OF:
        return patternMatch((com.sun.source.tree.InstanceOfTree) tree);
      case RETURN:
        return inBodyCode() ? hooks.returnStatement((ReturnTree) tree, finallyDepth > 0) : null;
      case BREAK:
        return jump(tree, ((BreakTree) tree).getLabel(), false);
      case CONTINUE:
        return jump(tree, ((ContinueTree) tree).getLabel(), true);
      case YIELD:
        return inBodyCode() && !innerTargets.contains("switch-expression")
            ? hooks.yieldOut((com.sun.source.tree.YieldTree) tree, finallyDepth > 0)
            : null;
      default:
        return null;
    }
  }

  private Code jump(Tree tree, CharSequence label, boolean isContinue) {
    if (!inBodyCode()) {
      return null;
    }
    String name = label == null ? null : label.toString();
    for (String target : innerTargets) {
      if (name == null
          ? (target.equals("loop") || (!isContinue && target.equals("switch")))
          : target.equals("label:" + name)) {
        return null; // stays inside the copied statement
      }
    }
    return hooks.jumpOut(tree, name, isContinue, finallyDepth > 0);
  }

  /**
   * {@code e instanceof T n} whose n became a field: the pattern binds a fresh name and the test
   * assigns the field, always true once matched, so n is set wherever Java's scoping lets it be
   * used, in any state.
   */
  private Code patternMatch(com.sun.source.tree.InstanceOfTree tree) {
    if (!(tree.getPattern() instanceof com.sun.source.tree.BindingPatternTree binding)) {
      return null;
    }
    LocalVar local = hooks.local(attribution.elementOf(binding.getVariable()));
    if (local == null || !hasSource(binding.getVariable().getType())) {
      return null;
    }
    String bound = local.name() + "$matched";
    return Code.of(
        "(", print(tree.getExpression()), " instanceof ", print(binding.getVariable().getType()),
        " ", bound, " && (", local, " = ", bound, ") == ", bound, ")");
  }

  private Code identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    if (name.equals("this")) {
      return bodyClasses.isEmpty() ? Code.of(Names.SELF) : null;
    }
    if (name.equals("super")) {
      if (bodyClasses.isEmpty()) {
        checks.superUsed(tree);
      }
      return null;
    }
    if (caseLabels.containsKey(tree)) {
      return null; // enum constants in case labels must stay unqualified
    }
    Element element = attribution.elementOf(tree);
    if (element == null) {
      return null;
    }
    LocalVar local = hooks.local(element);
    if (local != null) {
      if (resourceReferences.containsKey(tree)) {
        // try (r) needs an effectively final variable; a lifted local is a field.
        return Code.of("final var ", local.name(), "$resource = ", local);
      }
      return inBodyCode() ? Code.of(local) : hooks.capture(local);
    }
    switch (element.getKind()) {
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
      case ANNOTATION_TYPE:
        return typeName((TypeElement) element, tree);
      case FIELD:
      case ENUM_CONSTANT:
      case METHOD:
        return member(element, tree);
      default:
        return null;
    }
  }

  private Code typeName(TypeElement type, Tree tree) {
    if (TemplateAccess.isDeclaredInBody(type)) {
      if (type.getNestingKind() == NestingKind.LOCAL) {
        hooks.localClassUsed(type, tree);
      }
      return null;
    }
    checks.access(type, tree);
    return Code.of(ClassName.get(type));
  }

  /** An unqualified field or method: qualify it, since the state machine is another class. */
  private Code member(Element member, Tree tree) {
    TypeElement owner = (TypeElement) member.getEnclosingElement();
    if (TemplateAccess.isDeclaredInBody(owner)) {
      return null;
    }
    for (TypeElement bodyClass : bodyClasses) {
      if (membersOf(bodyClass).contains(member)) {
        return null; // a member a local or anonymous class inherits
      }
    }
    checks.access(member, tree);
    String name = member.getSimpleName().toString();
    if (member.getModifiers().contains(Modifier.STATIC)) {
      return Code.of(ClassName.get(owner), ".", name);
    }
    if (!isMemberOfTemplateClass(member)) {
      checks.outerMember(name, owner, tree);
      return null;
    }
    return Code.of(Names.SELF, ".", name);
  }

  private final Map<TypeElement, Set<Element>> members = new IdentityHashMap<>();

  /** All members of {@code type}, inherited ones too; asked for every name, so kept. */
  private Set<Element> membersOf(TypeElement type) {
    return members.computeIfAbsent(type, t -> new HashSet<>(elements.getAllMembers(t)));
  }

  private boolean isMemberOfTemplateClass(Element member) {
    return membersOf(template).contains(member);
  }

  private Code memberSelect(MemberSelectTree tree) {
    String name = tree.getIdentifier().toString();
    if (name.equals("this")) {
      Element outer = attribution.elementOf(tree.getExpression());
      if (outer != null && outer.equals(template)) {
        return Code.of(Names.SELF);
      }
      if (bodyClasses.isEmpty()) {
        checks.outerThis(tree);
      }
      return null;
    }
    if (name.equals("super")) {
      if (bodyClasses.isEmpty()) {
        checks.superUsed(tree);
      }
      return null;
    }
    Element element = attribution.elementOf(tree);
    if (element instanceof TypeElement type) {
      if (!TemplateAccess.isDeclaredInBody(type)) {
        checks.access(type, tree);
        return Code.of(ClassName.get(type));
      }
      return null;
    }
    if (element != null && element.getKind() != ElementKind.PACKAGE) {
      checks.access(element, tree);
    }
    return null;
  }

  private Code invocation(MethodInvocationTree tree) {
    ExecutableElement method = attribution.methodOf(tree);
    if (method == null) {
      return null;
    }
    if (isYieldHelper(method)) {
      if (method.getSimpleName().contentEquals(RuntimeNames.DONE)) {
        checks.misplacedDone(tree);
      }
      return null;
    }
    if (!TemplateReader.isCoroutine(method)) {
      return null;
    }
    return coroutineCall(tree, method, null, printArguments(tree));
  }

  /** The call of a coroutine method's factory, with the arguments already turned into code. */
  Code coroutineCall(
      MethodInvocationTree tree, ExecutableElement method, Code receiver, List<Code> arguments) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion =
        dev.yieldfrom.processor.model.CoroutineClass.companionOf(ClassName.get(owner));
    Code call = Code.of(companion, ".");
    List<Code> typeArguments = factoryTypeArguments(tree, method);
    if (!typeArguments.isEmpty()) {
      call.add("<");
      for (int i = 0; i < typeArguments.size(); i++) {
        call.add(i == 0 ? "" : ", ").add(typeArguments.get(i));
      }
      call.add(">");
    }
    call.add(method.getSimpleName().toString()).add("(");
    boolean first = true;
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      call.add(receiver != null ? receiver : receiverOf(tree));
      first = false;
    }
    for (Code argument : arguments) {
      call.add(first ? "" : ", ").add(argument);
      first = false;
    }
    return call.add(")");
  }

  /**
   * Explicit type arguments for the factory: the factory of an instance coroutine of a generic
   * class takes the class's type variables first, taken from the receiver's type. Where those
   * cannot be named (a raw or wildcard receiver), none are given and javac infers them all.
   */
  private List<Code> factoryTypeArguments(MethodInvocationTree tree, ExecutableElement method) {
    List<Code> arguments = new ArrayList<>();
    if (tree.getTypeArguments().isEmpty()) {
      return arguments;
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (!method.getModifiers().contains(Modifier.STATIC) && !owner.getTypeParameters().isEmpty()) {
      javax.lang.model.type.TypeMirror receiver =
          tree.getMethodSelect() instanceof MemberSelectTree select
              ? attribution.typeOf(select.getExpression())
              : owner.asType();
      if (!(receiver instanceof javax.lang.model.type.DeclaredType declared)
          || declared.getTypeArguments().size() != owner.getTypeParameters().size()) {
        return List.of();
      }
      for (javax.lang.model.type.TypeMirror argument : declared.getTypeArguments()) {
        if (argument.getKind() == javax.lang.model.type.TypeKind.WILDCARD
            || (argument instanceof javax.lang.model.type.TypeVariable variable
                && TypeNames.isCaptured(variable))) {
          return List.of();
        }
        try {
          arguments.add(Code.of(TypeNames.of(argument)));
        } catch (TypeNames.UnnameableTypeException e) {
          return List.of();
        }
      }
    }
    for (Tree argument : tree.getTypeArguments()) {
      arguments.add(print(argument));
    }
    return arguments;
  }

  /** The object an instance coroutine method is called on, as code. */
  private Code receiverOf(MethodInvocationTree tree) {
    if (tree.getMethodSelect() instanceof MemberSelectTree select) {
      return print(select.getExpression());
    }
    return Code.of(Names.SELF);
  }

  private List<Code> printArguments(MethodInvocationTree tree) {
    List<Code> arguments = new ArrayList<>();
    for (ExpressionTree argument : tree.getArguments()) {
      arguments.add(print(argument));
    }
    return arguments;
  }

  static boolean isYieldHelper(ExecutableElement method) {
    return method.getEnclosingElement() instanceof TypeElement owner
        && owner.getQualifiedName().contentEquals(RuntimeNames.YIELD);
  }

  /** Reports the creation of an inner class that needs the template's enclosing instance. */
  private void checkInnerCreation(NewClassTree tree) {
    if (tree.getEnclosingExpression() != null || !bodyClasses.isEmpty()) {
      return;
    }
    Element constructor = attribution.elementOf(tree);
    if (constructor == null) {
      return;
    }
    checks.innerCreation((TypeElement) constructor.getEnclosingElement(), tree);
    checks.access(constructor, tree);
  }
}
