package dev.yieldfrom.processor.check;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * What the body's code may name, given that it runs in another class: the state machine is a
 * separate class in the template's package, holding the template's instance (if any) as {@code
 * $self}. It cannot reach private members, protected members inherited from another package, the
 * template's enclosing instances, or {@code super}. The copier asks here as it meets each name.
 */
public final class TemplateAccess {
  private final Diagnostics diagnostics;
  private final CompilationUnitTree unit;
  private final Elements elements;
  private final TypeElement template;
  /** Each element is reported once, at its first use. */
  private final Set<Element> reported = new HashSet<>();

  public TemplateAccess(
      Diagnostics diagnostics, CompilationUnitTree unit, Elements elements, TypeElement template) {
    this.diagnostics = diagnostics;
    this.unit = unit;
    this.elements = elements;
    this.template = template;
  }

  /** {@code element}, named at {@code tree}, must be reachable from the template's package. */
  public void access(Element element, Tree tree) {
    if (isDeclaredInBody(element) || reported.contains(element)) {
      return;
    }
    Element owner = element.getEnclosingElement();
    String what = describe(element);
    if (element.getKind() == ElementKind.CONSTRUCTOR
        && owner.getModifiers().contains(Modifier.PRIVATE)) {
      // Reported at the class's name instead: an implicit constructor cannot be made visible.
      return;
    }
    if (element.getModifiers().contains(Modifier.PRIVATE)) {
      reported.add(element);
      // A record's component fields are private by definition; its accessors are public.
      boolean recordComponent =
          element.getKind() == ElementKind.FIELD
              && owner.getKind() == ElementKind.RECORD
              && !element.getModifiers().contains(Modifier.STATIC);
      diagnostics.error(
          DiagnosticId.PRIVATE_ACCESS,
          (recordComponent ? what + " of a record component" : what)
              + " is private, and the state machine generated for this coroutine is a separate"
              + " class that cannot reach it; "
              + (recordComponent
                  ? "call its accessor instead: " + element.getSimpleName() + "()"
                  : "make it package-private"),
          tree,
          unit);
    } else if (element.getModifiers().contains(Modifier.PROTECTED)
        && owner instanceof TypeElement
        && !packageOf(owner).equals(packageOf(template))) {
      reported.add(element);
      diagnostics.error(
          DiagnosticId.PROTECTED_ACCESS,
          what
              + " is protected in another package, and the state machine generated for this"
              + " coroutine is not a subclass; call it through a package-private method of "
              + template.getSimpleName(),
          tree,
          unit);
    }
  }

  /** An unqualified member {@code name} of an enclosing instance of {@code owner}. */
  public void outerMember(String name, TypeElement owner, Tree tree) {
    diagnostics.error(
        DiagnosticId.OUTER_INSTANCE,
        name
            + " belongs to the enclosing instance of "
            + owner.getSimpleName()
            + ", which the generated state machine cannot reach; pass what the coroutine needs"
            + " as a parameter",
        tree,
        unit);
  }

  /** {@code Outer.this} for an instance other than the template's. */
  public void outerThis(Tree tree) {
    diagnostics.error(
        DiagnosticId.OUTER_INSTANCE,
        tree + " is an enclosing instance the generated state machine cannot reach; pass what"
            + " the coroutine needs as a parameter",
        tree,
        unit);
  }

  /** {@code new Inner()} of an inner class of the template's class, without a receiver. */
  public void innerCreation(TypeElement created, Tree tree) {
    if (created.getNestingKind() == NestingKind.MEMBER
        && !created.getModifiers().contains(Modifier.STATIC)
        && !isDeclaredInBody(created)) {
      diagnostics.error(
          DiagnosticId.OUTER_INSTANCE,
          "creating the inner class "
              + created.getSimpleName()
              + " needs an enclosing instance; write this.new "
              + created.getSimpleName()
              + "(...) so the state machine passes its own",
          tree,
          unit);
    }
  }

  /** {@code super} in the body's own code (not in a class of the body). */
  public void superUsed(Tree tree) {
    diagnostics.error(
        DiagnosticId.SUPER_CALL,
        "super cannot be used in a coroutine body: the generated state machine is another class"
            + " and cannot make super calls on your object; call a package-private method of your"
            + " class that makes the super call",
        tree,
        unit);
  }

  /** {@code done(...)} anywhere but directly after {@code return}. */
  public void misplacedDone(Tree tree) {
    diagnostics.error(
        DiagnosticId.MISPLACED_DONE,
        "done(...) ends the coroutine and must stand directly after return: return done(value);",
        tree,
        unit);
  }

  private static String describe(Element element) {
    String owner =
        element.getEnclosingElement() instanceof TypeElement t ? t.getSimpleName() + "." : "";
    switch (element.getKind()) {
      case METHOD:
        return "the method " + owner + element.getSimpleName() + "()";
      case CONSTRUCTOR:
        return "the constructor of " + element.getEnclosingElement().getSimpleName();
      case FIELD:
      case ENUM_CONSTANT:
        return "the field " + owner + element.getSimpleName();
      default:
        return "the type " + ((TypeElement) element).getQualifiedName();
    }
  }

  private PackageElement packageOf(Element element) {
    return elements.getPackageOf(element);
  }

  /** True for elements declared inside the template body (local and anonymous classes). */
  public static boolean isDeclaredInBody(Element element) {
    for (Element e = element; e != null && !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (e instanceof TypeElement type
          && (type.getNestingKind() == NestingKind.LOCAL
              || type.getNestingKind() == NestingKind.ANONYMOUS)) {
        return true;
      }
    }
    return false;
  }
}
