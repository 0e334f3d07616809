package dev.yieldfrom.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Decides, without attributing, whether attributing a body is safe now. Attribution that meets a
 * {@code var} local whose initializer names a class not generated yet leaves an erroneous type
 * behind, and javac crashes later once the class appears (docs/javac-attribution.md).
 * So every name a {@code var} initializer starts from must already resolve: a local, a member,
 * or a type reachable through the file's imports, its package or java.lang. If one does not, the
 * body waits for the next round, as AutoValue defers types with missing dependencies.
 */
public final class AttributionGuard {
  private final Elements elements;

  public AttributionGuard(Elements elements) {
    this.elements = elements;
  }

  public boolean safeToAttribute(ExecutableElement method, MethodTree tree, CompilationUnitTree unit) {
    if (tree.getBody() == null) {
      return true;
    }
    Set<String> locals = new HashSet<>();
    for (VariableElement parameter : method.getParameters()) {
      locals.add(parameter.getSimpleName().toString());
    }
    Set<String> unresolved = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        locals.add(variable.getName().toString());
        if (variable.getType() == null || variable.getType().toString().equals("var")
            || isVarType(variable, unit)) {
          if (variable.getInitializer() != null) {
            collectRoots(variable.getInitializer(), unresolved);
          }
        }
        return super.visitVariable(variable, unused);
      }
    }.scan(tree.getBody(), null);
    unresolved.removeAll(locals);
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    for (String name : unresolved) {
      if (!resolves(name, owner, unit)) {
        return false;
      }
    }
    return true;
  }

  /** A 'var' declaration: before attribution its type tree is null or names 'var'. */
  private static boolean isVarType(VariableTree variable, CompilationUnitTree unit) {
    return variable.getType() instanceof IdentifierTree id && id.getName().contentEquals("var");
  }

  /** The names an expression starts from: identifiers not behind a dot. */
  private static void collectRoots(Tree expression, Set<String> into) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        into.add(identifier.getName().toString());
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        return scan(select.getExpression(), unused);
      }
    }.scan(expression, null);
  }

  private boolean resolves(String name, TypeElement owner, CompilationUnitTree unit) {
    if (name.equals("this") || name.equals("super")) {
      return true;
    }
    for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      for (Element member : elements.getAllMembers(type)) {
        if (member.getSimpleName().contentEquals(name)) {
          return true;
        }
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
    if (elements.getTypeElement(pkg + name) != null
        || elements.getTypeElement("java.lang." + name) != null
        || elements.getPackageElement(name) != null) {
      return true;
    }
    for (ImportTree anImport : unit.getImports()) {
      String imported = anImport.getQualifiedIdentifier().toString();
      String last = imported.substring(imported.lastIndexOf('.') + 1);
      String prefix = imported.substring(0, Math.max(0, imported.lastIndexOf('.')));
      if (anImport.isStatic()) {
        if (last.equals(name) || last.equals("*")) {
          TypeElement from = elements.getTypeElement(prefix);
          if (from != null && (last.equals(name) || hasMember(from, name))) {
            return true;
          }
        }
      } else if (last.equals(name) && elements.getTypeElement(imported) != null) {
        return true;
      } else if (last.equals("*")
          && (elements.getTypeElement(prefix + "." + name) != null)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasMember(TypeElement type, String name) {
    for (Element member : elements.getAllMembers(type)) {
      if (member.getSimpleName().contentEquals(name)) {
        return true;
      }
    }
    return false;
  }
}
