package dev.yieldfrom.processor.read;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What javac knows about a template body: the type of each expression and the element each name
 * refers to.
 *
 * <p>Bodies are not attributed during annotation processing; asking javac for a scope inside one
 * ({@link Trees#getScope}) attributes it. That is safe only once every class the body may refer
 * to exists, which is why the processor attributes a body only in the round after it wrote the
 * companions (see docs/ARCHITECTURE.md, and the javac crash it avoids).
 */
public final class BodyAttribution {
  private final Trees trees;
  private final CompilationUnitTree unit;
  private final MethodTree method;
  private final Map<Tree, TypeMirror> types = new IdentityHashMap<>();
  private final Map<Tree, Element> elements = new IdentityHashMap<>();
  private boolean erroneous;

  private BodyAttribution(Trees trees, TreePath methodPath) {
    this.trees = trees;
    this.unit = methodPath.getCompilationUnit();
    this.method = (MethodTree) methodPath.getLeaf();
  }

  /** Attributes the body of the method at {@code methodPath} and indexes what javac found. */
  public static BodyAttribution attribute(Trees trees, TreePath methodPath) {
    BodyAttribution attribution = new BodyAttribution(trees, methodPath);
    BlockTree body = attribution.method.getBody();
    TreePath bodyPath = new TreePath(methodPath, body);
    if (!body.getStatements().isEmpty()) {
      trees.getScope(new TreePath(bodyPath, body.getStatements().get(0)));
    } else {
      trees.getScope(bodyPath);
    }
    attribution.index(methodPath);
    return attribution;
  }

  private void index(TreePath methodPath) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        TreePath path = new TreePath(getCurrentPath(), tree);
        if (tree instanceof ExpressionTree || tree instanceof VariableTree) {
          TypeMirror type = trees.getTypeMirror(path);
          if (type != null) {
            types.put(tree, type);
            if (type.getKind() == TypeKind.ERROR) {
              erroneous = true;
            }
          }
        }
        Element element = trees.getElement(path);
        if (element != null) {
          elements.put(tree, element);
        }
        return super.scan(tree, unused);
      }
    }.scan(methodPath, null);
  }

  public CompilationUnitTree unit() {
    return unit;
  }

  public MethodTree method() {
    return method;
  }

  public SourcePositions positions() {
    return trees.getSourcePositions();
  }

  /** The type javac gave {@code tree}, or null if it gave none. */
  public TypeMirror typeOf(Tree tree) {
    TypeMirror type = types.get(tree);
    if (type == null && tree instanceof VariableTree) {
      Element element = elements.get(tree);
      return element == null ? null : element.asType();
    }
    return type;
  }

  /** The element {@code tree} names or declares, or null. */
  public Element elementOf(Tree tree) {
    return elements.get(tree);
  }

  /** The method a call resolves to, or null. */
  public ExecutableElement methodOf(Tree invocation) {
    return elements.get(invocation) instanceof ExecutableElement e ? e : null;
  }

  /** True if javac found errors in the body: the user's own errors are then reported by javac. */
  public boolean isErroneous() {
    return erroneous;
  }

  public long endLine(Tree tree) {
    long end = positions().getEndPosition(unit, tree);
    return end < 0 ? line(tree) : unit.getLineMap().getLineNumber(Math.max(0, end - 1));
  }

  public long line(Tree tree) {
    long start = positions().getStartPosition(unit, tree);
    return start < 0 ? -1 : unit.getLineMap().getLineNumber(start);
  }
}
