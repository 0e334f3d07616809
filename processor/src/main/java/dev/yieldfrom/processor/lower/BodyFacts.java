package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What the lowering needs to know of the body before it starts, from one scan: which trees
 * contain a suspension point (regenerator's "meta", computed bottom-up), which pattern variables
 * the body binds, and which names copied code declares. Reports facts where the state
 * machine cannot reach them: inside a lambda, a class body or a synchronized block.
 */
final class BodyFacts {
    enum Helper {
    YIELD_FROM,
    YIELD_VALUE,
    DONE
  }

  private final BodyAttribution attribution;
  private final Map<Tree, Boolean> contains = new IdentityHashMap<>();
  private final List<VariableTree> patternBindings = new ArrayList<>();
  private final List<Declaration> declarations = new ArrayList<>();

  /**
   * A variable declared in the body, with the statements around it and whether a lambda is: it
   * is copied code if one of those statements does not suspend (then it is copied whole) or if it
   * is in a lambda.
   */
  private record Declaration(String name, List<Tree> enclosing, boolean inLambda) {}

  BodyFacts(BodyAttribution attribution, Diagnostics diagnostics) {
    this.attribution = attribution;
    new Finder(diagnostics).scan(attribution.method().getBody(), null);
  }

  boolean in(Tree tree) {
    return tree != null && contains.getOrDefault(tree, false);
  }

  /**
   * The pattern variables ({@code o instanceof Integer n}) of the body outside its lambdas and
   * classes, in order: each may be used in a later state than the test that binds it, so each
   * becomes a field, assigned where the pattern matches (see {@link SourceRewriter}).
   */
  List<VariableTree> patternBindings() {
    return patternBindings;
  }

  /**
   * The names declared in copied code (statements without a suspension, lambdas). Java lets
   * sibling blocks reuse a local's name, but lowered blocks share their state's scope: a lowered
   * local that stayed a Java local would clash with a copied statement declaring the same name, so
   * these are reserved before any lowered local gets its name.
   */
  List<String> copiedNames() {
    List<String> names = new ArrayList<>();
    for (Declaration declaration : declarations) {
      if (declaration.inLambda() || declaration.enclosing().stream().anyMatch(tree -> !in(tree))) {
        names.add(declaration.name());
      }
    }
    return names;
  }

  /** The helper {@code tree} calls, if it is a call of one of Yield's helpers. */
  Helper helperOf(Tree tree) {
    if (!(tree instanceof MethodInvocationTree)) {
      return null;
    }
    ExecutableElement method = attribution.methodOf(tree);
    if (method == null
        || !((TypeElement) method.getEnclosingElement()).getQualifiedName().contentEquals(RuntimeNames.YIELD)) {
      return null;
    }
    switch (method.getSimpleName().toString()) {
      case RuntimeNames.YIELD_FROM:
        return Helper.YIELD_FROM;
      case RuntimeNames.YIELD_VALUE:
        return Helper.YIELD_VALUE;
      case RuntimeNames.DONE:
        return Helper.DONE;
      default:
        return null;
    }
  }

  private final class Finder extends TreeScanner<Boolean, Void> {
    private final Diagnostics diagnostics;
    private String forbiddenContext;
    /** The statements around the tree being scanned, but blocks and declarations. */
    private final Deque<Tree> statements = new ArrayDeque<>();
    private int lambdas;
    private int lambdasAndClasses;

    Finder(Diagnostics diagnostics) {
      this.diagnostics = diagnostics;
    }

    @Override
    public Boolean scan(Tree tree, Void unused) {
      if (tree == null) {
        return false;
      }
      boolean statement =
          tree instanceof StatementTree
              && !(tree instanceof BlockTree)
              && !(tree instanceof VariableTree);
      if (statement) {
        statements.push(tree);
      }
      Boolean found;
      try {
        found = super.scan(tree, unused);
      } finally {
        if (statement) {
          statements.pop();
        }
      }
      boolean result = found != null && found;
      Helper helper = helperOf(tree);
      if (helper == Helper.YIELD_FROM || helper == Helper.YIELD_VALUE) {
        result = true;
        if (forbiddenContext != null) {
          diagnostics.error(
              DiagnosticId.SUSPENSION_NOT_ALLOWED,
              "cannot suspend inside " + forbiddenContext,
              tree,
              attribution.unit());
        }
      }
      if (result) {
        contains.put(tree, true);
      }
      return result;
    }

    @Override
    public Boolean reduce(Boolean a, Boolean b) {
      return (a != null && a) || (b != null && b);
    }

    @Override
    public Boolean visitVariable(VariableTree variable, Void unused) {
      declarations.add(
          new Declaration(
              variable.getName().toString(), new ArrayList<>(statements), lambdas > 0));
      return super.visitVariable(variable, unused);
    }

    @Override
    public Boolean visitInstanceOf(InstanceOfTree node, Void unused) {
      if (lambdasAndClasses == 0 && node.getPattern() instanceof BindingPatternTree binding) {
        patternBindings.add(binding.getVariable());
      }
      return super.visitInstanceOf(node, unused);
    }

    @Override
    public Boolean visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
      lambdas++;
      lambdasAndClasses++;
      try {
        return within(
            "a lambda: the lambda runs later, outside the coroutine's state machine; make the"
                + " lambda body a @Coroutine method and yieldFrom it",
            () -> super.visitLambdaExpression(lambda, unused));
      } finally {
        lambdas--;
        lambdasAndClasses--;
      }
    }

    @Override
    public Boolean visitClass(ClassTree type, Void unused) {
      lambdasAndClasses++;
      try {
        return within(
            "a local or anonymous class: its methods run outside the coroutine's state machine;"
                + " move the code into a @Coroutine method",
            () -> super.visitClass(type, unused));
      } finally {
        lambdasAndClasses--;
      }
    }

    @Override
    public Boolean visitSynchronized(SynchronizedTree sync, Void unused) {
      return within(
          "synchronized: a monitor cannot be held across a suspension, because the coroutine may"
              + " resume on another thread; use dev.yieldfrom.runtime.sync.Lock instead",
          () -> super.visitSynchronized(sync, unused));
    }

    private Boolean within(String context, java.util.function.Supplier<Boolean> scan) {
      String outer = forbiddenContext;
      if (outer == null) {
        forbiddenContext = context;
      }
      try {
        scan.get();
      } finally {
        forbiddenContext = outer;
      }
      // Reported above; the enclosing statement is lowered as if nothing suspended here.
      return false;
    }
  }
}
