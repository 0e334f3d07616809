package dev.yieldfrom.processor.read;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.palantir.javapoet.ClassName;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.model.CoroutineClass;
import dev.yieldfrom.processor.model.CoroutineKind;
import dev.yieldfrom.processor.model.CoroutineMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Reads the {@code @Coroutine} methods of a class and checks their signatures. */
public final class TemplateReader {
  public static final String COROUTINE_ANNOTATION = RuntimeNames.COROUTINE;

  private final Elements elements;
  private final Diagnostics diagnostics;

  public TemplateReader(Elements elements, Diagnostics diagnostics) {
    this.elements = elements;
    this.diagnostics = diagnostics;
  }

  public static boolean isCoroutine(Element element) {
    return element.getAnnotationMirrors().stream()
        .anyMatch(
            a ->
                ((TypeElement) a.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(COROUTINE_ANNOTATION));
  }

  /**
   * The coroutine methods of {@code type} whose signatures are valid; errors are reported for the
   * others. Returns null when the class itself cannot host coroutines.
   */
  public CoroutineClass read(TypeElement type) {
    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      diagnostics.error(
          DiagnosticId.ENCLOSING_CLASS,
          "@Coroutine methods must be declared in a top-level or member class, not in a local or"
              + " anonymous class: the generated companion class must be able to name it",
          type);
      return null;
    }
    for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(
            DiagnosticId.PRIVATE_CLASS,
            "@Coroutine methods cannot be declared in the private class "
                + t.getSimpleName()
                + ": the generated companion class cannot name it; make it package-private",
            type);
        return null;
      }
    }
    ClassName owner = ClassName.get(type);
    List<CoroutineMethod> methods = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Set<ClassName> machines = new HashSet<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.METHOD || !isCoroutine(member)) {
        continue;
      }
      ExecutableElement method = (ExecutableElement) member;
      String name = method.getSimpleName().toString();
      int n = seen.merge(name, 1, Integer::sum);
      ClassName machine = CoroutineClass.stateMachineOf(owner, name, n);
      while (!machines.add(machine)) { // a method named like an overload's suffix: count$02
        machine = CoroutineClass.stateMachineOf(owner, name, ++n);
      }
      seen.put(name, n);
      CoroutineMethod read = readMethod(method, machine);
      if (read != null) {
        methods.add(read);
      }
    }
    return new CoroutineClass(type, CoroutineClass.companionOf(owner), List.copyOf(methods));
  }

  private CoroutineMethod readMethod(ExecutableElement method, ClassName stateMachine) {
    if (method.getModifiers().contains(Modifier.ABSTRACT)
        || method.getModifiers().contains(Modifier.NATIVE)) {
      diagnostics.error(
          DiagnosticId.NO_BODY,
          "a @Coroutine method needs a body to compile into a state machine; "
              + method.getSimpleName()
              + " is abstract or native",
          method);
      return null;
    }
    TypeMirror returnType = method.getReturnType();
    if (returnType.getKind() == TypeKind.ERROR
        || method.getParameters().stream().anyMatch(p -> p.asType().getKind() == TypeKind.ERROR)) {
      return null; // javac reports the unresolved type; another error here would only add noise
    }
    CoroutineKind kind = kindOf(returnType);
    if (kind == null) {
      diagnostics.error(
          DiagnosticId.RETURN_TYPE,
          "a @Coroutine method must return Co<R> or Gen<Y, S, R> from dev.yieldfrom.runtime, not "
              + returnType
              + "; for example: static Co<String> "
              + method.getSimpleName()
              + "() { ...; return done(\"result\"); }",
          method);
      return null;
    }
    DeclaredType declared = (DeclaredType) returnType;
    if (declared.getTypeArguments().isEmpty()) {
      diagnostics.error(
          DiagnosticId.RETURN_TYPE,
          "the return type of a @Coroutine method needs its type arguments, e.g. Co<String> or"
              + " Co<Void>, not the raw type "
              + returnType,
          method);
      return null;
    }
    TypeMirror sent =
        kind == CoroutineKind.GEN
            ? declared.getTypeArguments().get(1)
            : elements.getTypeElement("java.lang.Object").asType();
    return new CoroutineMethod(method, kind, declared, sent, stateMachine);
  }

  private static CoroutineKind kindOf(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    for (CoroutineKind kind : CoroutineKind.values()) {
      if (kind.className().equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
