package dev.yieldfrom.processor;

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
  /** Reports held back while {@link #deferring}; see {@link #deferUntilFlush()}. */
  private final java.util.List<Runnable> deferred = new java.util.ArrayList<>();
  private boolean deferring;

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** Reports nothing: for reading again what an earlier round already reported on. */
  public static Diagnostics silent() {
    return new Diagnostics(null, null);
  }

  public void error(String id, String message, Element element) {
    errorCount++;
    if (messager != null) {
      report(() -> messager.printMessage(Diagnostic.Kind.ERROR, format(id, message), element));
    }
  }

  public void error(String id, String message, Tree tree, CompilationUnitTree unit) {
    errorCount++;
    if (trees != null) {
      report(() -> trees.printMessage(Diagnostic.Kind.ERROR, format(id, message), tree, unit));
    }
  }

  public void warning(String id, String message, Tree tree, CompilationUnitTree unit) {
    if (trees != null) {
      report(() -> trees.printMessage(Diagnostic.Kind.WARNING, format(id, message), tree, unit));
    }
  }

  /**
   * Holds reports back until {@link #flush()}. An error reported in a round makes javac's next
   * round its last, and a file written in the last round draws a warning; the state machines of
   * the valid classes are written in the next round, so errors found while writing companions
   * wait until those are written.
   */
  public void deferUntilFlush() {
    deferring = true;
  }

  /** Prints the reports held back, and stops holding new ones back. */
  public void flush() {
    deferring = false;
    java.util.List<Runnable> pending = new java.util.ArrayList<>(deferred);
    deferred.clear();
    pending.forEach(Runnable::run);
  }

  private void report(Runnable print) {
    if (deferring) {
      deferred.add(print);
    } else {
      print.run();
    }
  }

  public int errorCount() {
    return errorCount;
  }

  /** Returned to {@code throw} once the errors of the current method are reported. */
  public AbortException abort() {
    return new AbortException();
  }

  private static String format(String id, String message) {
    return "[" + id + "] " + message;
  }

  /** Stops work on one method after its errors were reported; the processor goes on with others. */
  public static final class AbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbortException() {
      super(null, null, false, false);
    }
  }
}
