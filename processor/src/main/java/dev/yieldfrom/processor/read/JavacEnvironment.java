package dev.yieldfrom.processor.read;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac behind the processing environment a build tool hands the processor. IntelliJ's
 * build wraps it in a dynamic proxy and Gradle's incremental compilation in a delegating class;
 * {@link Trees#instance} accepts only javac's own, so the wrappers are unwrapped, as Lombok
 * does. Everything else (Filer, Messager) keeps going through the wrapper, which is how the
 * build tool tracks what was generated.
 */
public final class JavacEnvironment {
  private static final String JAVAC =
      "com.sun.tools.javac.processing.JavacProcessingEnvironment";

  private JavacEnvironment() {}

  /** The Tree API for {@code environment}, or null when no javac is behind it (e.g. Eclipse). */
  public static Trees trees(ProcessingEnvironment environment) {
    ProcessingEnvironment javac = unwrap(environment);
    if (javac == null) {
      return null;
    }
    try {
      return Trees.instance(javac);
    } catch (IllegalArgumentException notJavac) {
      return null;
    }
  }

  public static ProcessingEnvironment unwrap(ProcessingEnvironment environment) {
    Object current = environment;
    for (int depth = 0; depth < 8 && current != null; depth++) {
      if (current.getClass().getName().equals(JAVAC)) {
        return (ProcessingEnvironment) current;
      }
      current = delegateOf(current);
    }
    return null;
  }

  /** The processing environment a wrapper delegates to, found by type among its fields. */
  private static Object delegateOf(Object wrapper) {
    Object holder = Proxy.isProxyClass(wrapper.getClass()) ? Proxy.getInvocationHandler(wrapper) : wrapper;
    for (Class<?> type = holder.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (!ProcessingEnvironment.class.isAssignableFrom(field.getType())
            && !field.getType().equals(Object.class)) {
          continue;
        }
        try {
          field.setAccessible(true);
          Object value = field.get(holder);
          if (value instanceof ProcessingEnvironment && value != wrapper) {
            return value;
          }
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
          // try the next field
        }
      }
    }
    return null;
  }
}
