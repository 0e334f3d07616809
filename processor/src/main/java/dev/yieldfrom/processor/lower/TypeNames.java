package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Turns the types javac infers into types generated code can declare: a captured wildcard
 * becomes its bound, an anonymous class its supertype, an intersection its first bound.
 */
final class TypeNames {
  /** A type no Java source outside the template can name, such as a local class. */
  static final class UnnameableTypeException extends Exception {
    private static final long serialVersionUID = 1L;

    UnnameableTypeException(String message) {
      super(message, null, false, false);
    }
  }

  static TypeName of(TypeMirror type) throws UnnameableTypeException {
    switch (type.getKind()) {
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case CHAR:
      case FLOAT:
      case DOUBLE:
      case VOID:
        return TypeName.get(type);
      case ARRAY:
        return ArrayTypeName.of(of(((ArrayType) type).getComponentType()));
      case DECLARED:
        return declared((DeclaredType) type);
      case TYPEVAR:
        TypeVariable variable = (TypeVariable) type;
        if (isCaptured(variable)) {
          return of(variable.getUpperBound());
        }
        return TypeVariableName.get(variable.asElement().getSimpleName().toString());
      case INTERSECTION:
        return of(((IntersectionType) type).getBounds().get(0));
      case NULL:
      case NONE:
        return ClassName.OBJECT;
      default:
        throw new UnnameableTypeException("the type " + type + " cannot be named");
    }
  }

  private static TypeName declared(DeclaredType type) throws UnnameableTypeException {
    TypeElement element = (TypeElement) type.asElement();
    if (element.getNestingKind() == NestingKind.ANONYMOUS) {
      TypeMirror superclass = element.getSuperclass();
      if (!element.getInterfaces().isEmpty()
          && ((TypeElement) ((DeclaredType) superclass).asElement())
              .getQualifiedName()
              .contentEquals("java.lang.Object")) {
        return of(element.getInterfaces().get(0));
      }
      return of(superclass);
    }
    if (element.getNestingKind() == NestingKind.LOCAL) {
      throw new UnnameableTypeException(
          "the local class " + element.getSimpleName() + " cannot be named outside its method");
    }
    ClassName raw = ClassName.get(element);
    if (type.getTypeArguments().isEmpty()) {
      return raw;
    }
    List<TypeName> arguments = new ArrayList<>();
    for (TypeMirror argument : type.getTypeArguments()) {
      arguments.add(argument(argument));
    }
    return ParameterizedTypeName.get(raw, arguments.toArray(TypeName[]::new));
  }

  private static TypeName argument(TypeMirror argument) throws UnnameableTypeException {
    if (argument.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) argument;
      if (wildcard.getExtendsBound() != null) {
        return WildcardTypeName.subtypeOf(of(wildcard.getExtendsBound()));
      }
      if (wildcard.getSuperBound() != null) {
        return WildcardTypeName.supertypeOf(of(wildcard.getSuperBound()));
      }
      return WildcardTypeName.subtypeOf(Object.class);
    }
    if (argument instanceof TypeVariable variable && isCaptured(variable)) {
      return WildcardTypeName.subtypeOf(of(variable.getUpperBound()));
    }
    return of(argument);
  }

  static boolean isCaptured(TypeVariable variable) {
    return !SourceVersion.isIdentifier(variable.asElement().getSimpleName())
        || variable.toString().startsWith("capture#");
  }

  static boolean isObject(TypeName type) {
    return ClassName.OBJECT.equals(type);
  }
}
