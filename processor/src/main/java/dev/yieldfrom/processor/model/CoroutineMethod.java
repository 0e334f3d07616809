package dev.yieldfrom.processor.model;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Coroutine} template method, as far as its signature goes.
 *
 * @param element the template method (valid only in the round it was read in)
 * @param returnType the declared return type, {@code Co<R>} or {@code Gen<Y, S, R>}
 * @param sentType the type of values sent in ({@code Object} for {@code Co})
 * @param stateMachine its state machine class (see {@link CoroutineClass#stateMachineOf})
 */
public record CoroutineMethod(
    ExecutableElement element,
    CoroutineKind kind,
    DeclaredType returnType,
    TypeMirror sentType,
    ClassName stateMachine) {

  public String name() {
    return element.getSimpleName().toString();
  }

  public boolean isStatic() {
    return element.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
  }
}
