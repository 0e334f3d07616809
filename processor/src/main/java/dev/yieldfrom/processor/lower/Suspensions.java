package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Knows which trees contain a suspension point (regenerator's "meta"), computed once bottom-up,
 * and reports suspensions where the state machine cannot reach them: inside a lambda, a class
 * body or a synchronized block.
 */
final class Suspensions {
    enum Helper {
    YIELD_FROM,
    YIELD_VALUE,
    DONE
  }

  private final BodyAttribution attribution;
  private final Map<Tree, Boolean> contains = new IdentityHashMap<>();

  Suspensions(BodyAttribution attribution, Diagnostics diagnostics) {
    this.attribution = attribution;
    new Finder(diagnostics).scan(attribution.method().getBody(), null);
  }

  boolean in(Tree tree) {
    return tree != null && contains.getOrDefault(tree, false);
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

    Finder(Diagnostics diagnostics) {
      this.diagnostics = diagnostics;
    }

    @Override
    public Boolean scan(Tree tree, Void unused) {
      if (tree == null) {
        return false;
      }
      Boolean found = super.scan(tree, unused);
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
    public Boolean visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
      return within(
          "a lambda: the lambda runs later, outside the coroutine's state machine; make the lambda"
              + " body a @Coroutine method and yieldFrom it",
          () -> super.visitLambdaExpression(lambda, unused));
    }

    @Override
    public Boolean visitClass(ClassTree type, Void unused) {
      return within(
          "a local or anonymous class: its methods run outside the coroutine's state machine; move"
              + " the code into a @Coroutine method",
          () -> super.visitClass(type, unused));
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
