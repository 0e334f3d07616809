package dev.yieldfrom.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.yieldfrom.processor.model.CoroutineMethod;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.util.Elements;

/** What the two writers share: the @Generated marker and the type variables of a coroutine. */
final class Generation {
  static final String PROCESSOR = "dev.yieldfrom.processor.CoroutineProcessor";
  private static final String GENERATED = "javax.annotation.processing.Generated";

  private Generation() {}

  /**
   * {@code @Generated}, if the compilation can see it: a module that does not read java.compiler
   * cannot, and an annotation it cannot resolve would break its build.
   */
  static AnnotationSpec generated(Elements elements, TypeElement origin, String comments) {
    // As seen from the origin's module: a named module that does not read java.compiler cannot
    // use the annotation even though javac knows it.
    if (elements.getTypeElement(elements.getModuleOf(origin), GENERATED) == null) {
      return null;
    }
    return AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
        .addMember("value", "$S", PROCESSOR)
        .addMember("comments", "$S", comments)
        .build();
  }

  /** The enclosing class's type variables (for instance methods), then the method's own. */
  static List<TypeVariableName> typeVariables(CoroutineMethod method) {
    List<TypeVariableName> variables = new ArrayList<>();
    if (!method.isStatic()) {
      for (TypeParameterElement parameter : owner(method).getTypeParameters()) {
        variables.add(TypeVariableName.get(parameter));
      }
    }
    for (TypeParameterElement parameter : method.element().getTypeParameters()) {
      variables.add(TypeVariableName.get(parameter));
    }
    return variables;
  }

  static TypeElement owner(CoroutineMethod method) {
    return (TypeElement) method.element().getEnclosingElement();
  }

  /** The type of {@code $self}: the enclosing class with its own type variables. */
  static TypeName selfType(CoroutineMethod method) {
    return TypeName.get(owner(method).asType());
  }
}
