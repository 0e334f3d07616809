package dev.yieldfrom.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors and warnings, each at an element or at the exact tree it is about, each with a
 * stable bracketed id ({@code [YieldFromUnsupported]}) that users can grep and tests can assert.
 * Reporting never stops processing; {@link #abort()} does, for the current method only.
 */
public final class Diagnostics {
  private final Messager messager;
  private final Trees trees;
  private int errorCount;
  private boolean holdingBack;
  private final java.util.List<Runnable> heldBack = new java.util.ArrayList<>();

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** Reports nothing: for reading again what an earlier round already reported on. */
  public static Diagnostics silent() {
    return new Diagnostics(null, null);
  }

  public void error(DiagnosticId id, String message, Element element) {
    errorCount++;
    // Located through its tree now: an element of this round may not say where it is later.
    com.sun.source.util.TreePath path = trees == null ? null : trees.getPath(element);
    if (path != null) {
      report(Diagnostic.Kind.ERROR, format(id, message), path.getLeaf(), path.getCompilationUnit());
    } else if (messager != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, format(id, message), element);
    }
  }

  public void error(DiagnosticId id, String message, Tree tree, CompilationUnitTree unit) {
    errorCount++;
    report(Diagnostic.Kind.ERROR, format(id, message), tree, unit);
  }

  public void warning(DiagnosticId id, String message, Tree tree, CompilationUnitTree unit) {
    report(Diagnostic.Kind.WARNING, format(id, message), tree, unit);
  }

  /**
   * Reports at once through the {@link Messager}, never held back: for what must be seen even if
   * no later round comes (an internal error) or where there are no trees ({@code element} may be
   * null).
   */
  public void errorNow(DiagnosticId id, String message, Element element) {
    errorCount++;
    if (messager == null) {
      return;
    }
    if (element == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, format(id, message));
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, format(id, message), element);
    }
  }

  /**
   * While {@code hold} is true, reports wait for {@link #flush()}. An error makes javac's next
   * round its last, and a file written in the last round draws a warning; errors found while the
   * companions are written wait until the next round has written the state machines.
   */
  public void holdBack(boolean hold) {
    holdingBack = hold;
  }

  /** Prints the reports held back and stops holding back. */
  public void flush() {
    holdingBack = false;
    java.util.List<Runnable> pending = new java.util.ArrayList<>(heldBack);
    heldBack.clear();
    pending.forEach(Runnable::run);
  }

  private void report(Diagnostic.Kind kind, String text, Tree tree, CompilationUnitTree unit) {
    if (trees == null) {
      return;
    }
    if (holdingBack) {
      heldBack.add(() -> trees.printMessage(kind, text, tree, unit));
    } else {
      trees.printMessage(kind, text, tree, unit);
    }
  }

  public int errorCount() {
    return errorCount;
  }

  /** Returned to {@code throw} once the errors of the current method are reported. */
  public AbortException abort() {
    return new AbortException();
  }

  private static String format(DiagnosticId id, String message) {
    return "[" + id.id() + "] " + message;
  }

  /** Stops work on one method after its errors were reported; the processor goes on with others. */
  public static final class AbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbortException() {
      super(null, null, false, false);
    }
  }
}
