package dev.yieldfrom.processor.read;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.model.CoroutineClass;
import com.palantir.javapoet.ClassName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds, by syntax alone, the misuses javac cannot see: a suspension helper called outside a
 * {@code @Coroutine} method (an error: it could only fail at run time), and a template method
 * called directly instead of through its factory (a warning: it would run eagerly and fail at its
 * first suspension), and a coroutine created and discarded by an expression statement (a
 * warning: it never runs; {@code @SuppressWarnings("YieldFromNotAwaited")} silences it). Syntax alone, because attributing arbitrary bodies during processing is
 * what the processor avoids; calls it cannot resolve by name are left to the runtime's message.
 */
public final class MisuseScanner {
  private static final Set<String> HELPERS = Set.of(RuntimeNames.YIELD_FROM, RuntimeNames.YIELD_VALUE, RuntimeNames.DONE);
  private static final String YIELD = RuntimeNames.YIELD;

  /** The key of {@code @SuppressWarnings} that silences the warning for a discarded coroutine. */
  private static final String NOT_AWAITED = DiagnosticId.NOT_AWAITED.id();

  private final Trees trees;
  private final Elements elements;
  private final Diagnostics diagnostics;

  public MisuseScanner(Trees trees, Elements elements, Diagnostics diagnostics) {
    this.trees = trees;
    this.elements = elements;
    this.diagnostics = diagnostics;
  }

  public void scan(CompilationUnitTree unit) {
    boolean helpersImported = false;
    boolean yieldImported = false;
    for (ImportTree anImport : unit.getImports()) {
      String name = anImport.getQualifiedIdentifier().toString();
      if (anImport.isStatic() && (name.equals(YIELD + ".*") || HELPERS.contains(name.substring(name.lastIndexOf('.') + 1)) && name.startsWith(YIELD + "."))) {
        helpersImported = true;
      }
      if (!anImport.isStatic() && (name.equals(YIELD) || name.equals(RuntimeNames.RUNTIME_PACKAGE + ".*"))) {
        yieldImported = true;
      }
    }
    new Finder(unit, helpersImported, yieldImported).scan(new TreePath(unit), null);
  }

  private final class Finder extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final boolean helpersImported;
    private final boolean yieldImported;
    private MethodTree method;
    /** The class around {@link #method} is local or anonymous, so it cannot hold coroutines. */
    private boolean inLocalClass;
    /** Lambdas around the current tree, inside {@link #method}. */
    private int lambdas;
    private boolean inCoroutine;
    /** Inside a class or lambda nested in a coroutine: the lowering reports suspensions there. */
    private int nestedInCoroutine;

    Finder(CompilationUnitTree unit, boolean helpersImported, boolean yieldImported) {
      this.unit = unit;
      this.helpersImported = helpersImported;
      this.yieldImported = yieldImported;
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      MethodTree outerMethod = method;
      boolean outerCoroutine = inCoroutine;
      method = tree;
      inCoroutine = isCoroutine(tree);
      if (inCoroutine) {
        checkEnclosingClass(tree);
      }
      try {
        return super.visitMethod(tree, unused);
      } finally {
        method = outerMethod;
        inCoroutine = outerCoroutine;
      }
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      // A class body inside a coroutine is not the coroutine (BodyFacts reports suspensions there).
      boolean outerCoroutine = inCoroutine;
      MethodTree outerMethod = method;
      boolean outerLocalClass = inLocalClass;
      int outerLambdas = lambdas;
      if (outerCoroutine) {
        nestedInCoroutine++;
      }
      inCoroutine = false;
      method = null;
      inLocalClass =
          trees.getElement(getCurrentPath()) instanceof TypeElement type
              && (type.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL
                  || type.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS);
      lambdas = 0;
      try {
        return super.visitClass(tree, unused);
      } finally {
        inCoroutine = outerCoroutine;
        method = outerMethod;
        inLocalClass = outerLocalClass;
        lambdas = outerLambdas;
        if (outerCoroutine) {
          nestedInCoroutine--;
        }
      }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      lambdas++;
      try {
        return super.visitLambdaExpression(tree, unused);
      } finally {
        lambdas--;
      }
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
      if (statement.getExpression() instanceof MethodInvocationTree call && nestedInCoroutine == 0) {
        checkDiscarded(call);
      }
      return super.visitExpressionStatement(statement, unused);
    }

    /**
     * A statement {@code XCoroutines.f(...);}, or {@code f(...);} in a coroutine body (where it
     * calls the factory), creates a coroutine nothing runs. Outside a body, {@code f(...);} runs
     * the template itself, which {@link #check} reports.
     */
    private void checkDiscarded(MethodInvocationTree call) {
      CalledName called = CalledName.of(call);
      if (called == null) {
        return;
      }
      String name = called.name();
      String qualifier = called.qualifier();
      TypeElement owner = null;
      if (qualifier != null && qualifier.endsWith("Coroutines")) {
        owner = companionOwner(qualifier);
      }
      if (owner == null && inCoroutine) {
        owner = templateOwner(name, qualifier);
      }
      if (owner == null || !coroutineNames(owner).contains(name) || suppressed()) {
        return;
      }
      diagnostics.warning(
          DiagnosticId.NOT_AWAITED,
          "the coroutine "
              + name
              + "(...) creates is discarded, so it never runs: "
              + (inCoroutine ? "await it with yieldFrom(...)" : "run it, e.g. loop.runUntilComplete(...)")
              + " or schedule it with loop.createTask(...); @SuppressWarnings(\""
              + NOT_AWAITED
              + "\") if it is meant",
          call,
          unit);
    }

    /** The class whose companion {@code qualifier} names ({@code XCoroutines}), if it is found. */
    private TypeElement companionOwner(String qualifier) {
      String companion = qualifier.substring(qualifier.lastIndexOf('.') + 1);
      for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
        if (path.getLeaf() instanceof ClassTree
            && trees.getElement(path) instanceof TypeElement type
            && companionName(type).equals(companion)) {
          return type;
        }
      }
      String nested = companion.substring(0, companion.length() - "Coroutines".length()).replace('_', '.');
      String companionPackage;
      if (qualifier.contains(".")) {
        companionPackage = qualifier.substring(0, qualifier.lastIndexOf('.'));
      } else {
        companionPackage = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        for (ImportTree anImport : unit.getImports()) {
          String imported = anImport.getQualifiedIdentifier().toString();
          if (!anImport.isStatic() && imported.endsWith("." + companion)) {
            companionPackage = imported.substring(0, imported.lastIndexOf('.'));
          }
        }
      }
      TypeElement type =
          elements.getTypeElement(companionPackage.isEmpty() ? nested : companionPackage + "." + nested);
      return type != null && companionName(type).equals(companion) ? type : null;
    }

    private String companionName(TypeElement type) {
      return CoroutineClass.companionOf(ClassName.get(type)).simpleName();
    }

    /** Whether an enclosing declaration says {@code @SuppressWarnings("YieldFromNotAwaited")}. */
    private boolean suppressed() {
      for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
        com.sun.source.tree.ModifiersTree modifiers =
            path.getLeaf() instanceof MethodTree m
                ? m.getModifiers()
                : path.getLeaf() instanceof ClassTree c
                    ? c.getModifiers()
                    : path.getLeaf() instanceof com.sun.source.tree.VariableTree v ? v.getModifiers() : null;
        if (modifiers == null) {
          continue;
        }
        for (AnnotationTree annotation : modifiers.getAnnotations()) {
          String type = annotation.getAnnotationType().toString();
          if (!type.equals("SuppressWarnings") && !type.equals("java.lang.SuppressWarnings")) {
            continue;
          }
          for (ExpressionTree argument : annotation.getArguments()) {
            ExpressionTree value =
                argument instanceof com.sun.source.tree.AssignmentTree assignment
                    ? assignment.getExpression()
                    : argument;
            List<? extends ExpressionTree> values =
                value instanceof NewArrayTree array ? array.getInitializers() : List.of(value);
            for (ExpressionTree each : values) {
              if (each instanceof LiteralTree literal && NOT_AWAITED.equals(literal.getValue())) {
                return true;
              }
            }
          }
        }
      }
      return false;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
      if (!inCoroutine && nestedInCoroutine == 0) {
        check(call);
      }
      return super.visitMethodInvocation(call, unused);
    }

    private void check(MethodInvocationTree call) {
      CalledName called = CalledName.of(call);
      if (called == null) {
        return;
      }
      String name = called.name();
      String qualifier = called.qualifier();
      boolean helper =
          HELPERS.contains(name)
              && (qualifier == null
                  ? helpersImported
                  : qualifier.equals(YIELD) || (qualifier.equals("Yield") && yieldImported));
      if (helper) {
        diagnostics.error(
            DiagnosticId.OUTSIDE_COROUTINE,
            name + "(...) works only inside a @Coroutine method, and " + whatToDoInstead(),
            call,
            unit);
        return;
      }
      TypeElement template = templateOwner(name, qualifier);
      if (template != null) {
        ClassName companion = CoroutineClass.companionOf(ClassName.get(template));
        diagnostics.warning(
            DiagnosticId.TEMPLATE_CALL,
            name
                + "(...) is a @Coroutine template: called directly it runs its body at once and"
                + " fails at its first suspension; call "
                + companion.simpleName()
                + "."
                + name
                + "(...) to create the coroutine",
            call,
            unit);
      }
    }

    /**
     * Advice for a helper called outside a coroutine: annotating the method around it, where
     * that can make it one; moving the code into a coroutine where nothing can be annotated.
     */
    private String whatToDoInstead() {
      String move =
          ": move the code that suspends into a @Coroutine method (of a top-level or member"
              + " class), and from here create that coroutine through its factory or run it with"
              + " an event loop: loop.runUntilComplete(...)";
      if (lambdas > 0) {
        return "a lambda cannot be one (not even in a @Coroutine method)" + move;
      }
      if (method == null) {
        return "an initializer cannot be one" + move;
      }
      if (method.getName().contentEquals("<init>")) {
        return "a constructor cannot be one" + move;
      }
      if (inLocalClass) {
        return method.getName()
            + "() is not one, nor can it be (@Coroutine methods belong to top-level or member"
            + " classes)"
            + move;
      }
      return method.getName()
          + "() is not one: annotate it @Coroutine (returning Co<T> or Gen<Y, S, R>), or run the"
          + " coroutine from here with an event loop: loop.runUntilComplete(...)";
    }

    /** The class whose @Coroutine method {@code name} this call names, as far as syntax tells. */
    private TypeElement templateOwner(String name, String qualifier) {
      for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
        if (!(path.getLeaf() instanceof ClassTree)) {
          continue;
        }
        Element element = trees.getElement(path);
        if (!(element instanceof TypeElement type)) {
          continue;
        }
        if (qualifier != null && !qualifier.equals(type.getSimpleName().toString())
            && !qualifier.equals(type.getQualifiedName().toString())) {
          continue;
        }
        if (coroutineNames(type).contains(name)) {
          return type;
        }
        if (qualifier != null) {
          return null;
        }
      }
      return null;
    }

    private Set<String> coroutineNames(TypeElement type) {
      Set<String> names = new HashSet<>();
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD && TemplateReader.isCoroutine(member)) {
          names.add(member.getSimpleName().toString());
        }
      }
      return names;
    }

    /** javac never reports members of local classes as annotated, so they are found here. */
    private void checkEnclosingClass(MethodTree tree) {
      TreePath classPath = getCurrentPath().getParentPath();
      Element owner = classPath == null ? null : trees.getElement(classPath);
      if (owner instanceof TypeElement type
          && (type.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL
              || type.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS)) {
        diagnostics.error(
            DiagnosticId.ENCLOSING_CLASS,
            "@Coroutine methods must be declared in a top-level or member class, not in a local or"
                + " anonymous class: the generated companion class must be able to name it",
            tree,
            unit);
      }
    }

    private boolean isCoroutine(MethodTree tree) {
      for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
        String type = annotation.getAnnotationType().toString();
        if (type.equals("Coroutine") || type.equals(RuntimeNames.COROUTINE)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The name a call is made by, as written: {@code f(...)} has no qualifier, {@code Q.f(...)} has
   * {@code Q}; null for calls through any other expression.
   */
  private record CalledName(String name, String qualifier) {
    static CalledName of(MethodInvocationTree call) {
      Tree select = call.getMethodSelect();
      if (select instanceof IdentifierTree identifier) {
        return new CalledName(identifier.getName().toString(), null);
      }
      if (select instanceof MemberSelectTree member) {
        return new CalledName(member.getIdentifier().toString(), member.getExpression().toString());
      }
      return null;
    }
  }
}
