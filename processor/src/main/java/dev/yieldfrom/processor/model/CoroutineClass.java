package dev.yieldfrom.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class that declares {@code @Coroutine} methods, and the companion generated for it. Each
 * method's state machine is a class of its own (see {@link CoroutineMethod#stateMachine}).
 *
 * @param companion public factories, one per coroutine method (written in the first round)
 */
public record CoroutineClass(TypeElement type, ClassName companion, List<CoroutineMethod> methods) {

  /** The companion of {@code owner}: {@code Outer_InnerCoroutines} in the same package. */
  public static ClassName companionOf(ClassName owner) {
    return ClassName.get(owner.packageName(), String.join("_", owner.simpleNames()) + "Coroutines");
  }

  /**
   * The state machine of method {@code method} of {@code owner}, a top-level class named
   * {@code Owner$0method} ({@code Outer$Inner$0method} for a nested owner): a debugger looks for
   * the code of a source file in the classes named {@code Owner} and {@code Owner$...}, and the
   * {@code $0} cannot be the binary name of anything javac makes of the user's code (a nested
   * class's name cannot start with a digit; javac numbers local and anonymous classes from 1).
   *
   * @param overload 1 for the first method of that name, 2 for the next, ...
   */
  public static ClassName stateMachineOf(ClassName owner, String method, int overload) {
    String name =
        String.join("$", owner.simpleNames()) + "$0" + method + (overload == 1 ? "" : "$0" + overload);
    return ClassName.get(owner.packageName(), name);
  }
}
