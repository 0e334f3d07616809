package dev.yieldfrom.processor.read;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
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
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Finds, by syntax alone, the misuses javac cannot see: a suspension helper called outside a
 * {@code @Coroutine} method (an error: it could only fail at run time), and a template method
 * called directly instead of through its factory (a warning: it would run eagerly and fail at its
 * first suspension). Syntax alone, because attributing arbitrary bodies during processing is
 * what the processor avoids; calls it cannot resolve by name are left to the runtime's message.
 */
public final class MisuseScanner {
  private static final Set<String> HELPERS = Set.of(RuntimeNames.YIELD_FROM, RuntimeNames.YIELD_VALUE, RuntimeNames.DONE);
  private static final String YIELD = RuntimeNames.YIELD;

  private final Trees trees;
  private final Diagnostics diagnostics;

  public MisuseScanner(Trees trees, Diagnostics diagnostics) {
    this.trees = trees;
    this.diagnostics = diagnostics;
  }

  /** Whether a compilation unit can contain a misuse at all: it imports from yieldfrom. */
  public static boolean concerns(CompilationUnitTree unit) {
    for (ImportTree anImport : unit.getImports()) {
      if (anImport.getQualifiedIdentifier().toString().startsWith("dev.yieldfrom.")) {
        return true;
      }
    }
    return false;
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
    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
      if (!inCoroutine && nestedInCoroutine == 0) {
        check(call);
      }
      return super.visitMethodInvocation(call, unused);
    }

    private void check(MethodInvocationTree call) {
      Tree select = call.getMethodSelect();
      String name;
      String qualifier = null;
      if (select instanceof IdentifierTree identifier) {
        name = identifier.getName().toString();
      } else if (select instanceof MemberSelectTree member) {
        name = member.getIdentifier().toString();
        qualifier = member.getExpression().toString();
      } else {
        return;
      }
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
}
