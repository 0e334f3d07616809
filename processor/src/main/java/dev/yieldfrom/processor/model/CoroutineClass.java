package dev.yieldfrom.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class that declares {@code @Coroutine} methods, and the two classes generated for it.
 *
 * @param companion public factories, one per coroutine method (written in the first round)
 * @param stateMachines the state machine classes (written in the next round, once every
 *     companion exists, so that attributing bodies never meets a class not generated yet)
 */
public record CoroutineClass(
    TypeElement type, ClassName companion, ClassName stateMachines, List<CoroutineMethod> methods) {

  /** The companion of {@code owner}: {@code Outer_InnerCoroutines} in the same package. */
  public static ClassName companionOf(ClassName owner) {
    return ClassName.get(owner.packageName(), String.join("_", owner.simpleNames()) + "Coroutines");
  }

  public static ClassName stateMachinesOf(ClassName owner) {
    ClassName companion = companionOf(owner);
    return ClassName.get(companion.packageName(), companion.simpleName() + "Impl");
  }
}
