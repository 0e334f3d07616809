package dev.yieldfrom.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * A successful compilation whose class files are loaded in memory, with helpers to call its
 * static methods reflectively. Exceptions thrown by a called method propagate unchanged (not
 * wrapped in {@link InvocationTargetException}), checked ones included.
 */
public final class Compiled {
  private final Compilation compilation;
  private final ClassLoader loader;

  Compiled(Compilation compilation, Map<String, byte[]> classes, ClassLoader parent) {
    this.compilation = compilation;
    this.loader = new InMemoryClassLoader(classes, parent);
  }

  public Compilation compilation() {
    return compilation;
  }

  /** The text of the generated source of {@code qualifiedName}, e.g. {@code p.Chain$0outer}. */
  public String generatedSource(String qualifiedName) {
    String path = qualifiedName.replace('.', '/') + ".java";
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      if (file.toUri().getPath().endsWith("/" + path)) {
        try {
          return file.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no generated source " + path);
  }

  public ClassLoader loader() {
    return loader;
  }

  /** Loads the class with binary name {@code name} (nested classes as {@code Outer$Inner}). */
  public Class<?> load(String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + name + " was compiled", e);
    }
  }

  /**
   * Calls the static method {@code className.method} with {@code arguments} (null arguments match
   * any reference parameter) and returns its result. Whatever it throws is rethrown as is.
   */
  @SuppressWarnings("unchecked")
  public <T> T call(String className, String method, Object... arguments) {
    Class<?> type = load(className);
    Method target = find(type, method, arguments);
    target.setAccessible(true);
    try {
      return (T) target.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw sneaky(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** The value of the static field {@code className.field}. */
  @SuppressWarnings("unchecked")
  public <T> T get(String className, String field) {
    try {
      Field f = load(className).getDeclaredField(field);
      f.setAccessible(true);
      return (T) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Method find(Class<?> type, String name, Object[] arguments) {
    List<Method> matches = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)
          && Modifier.isStatic(m.getModifiers())
          && applicable(m, arguments)) {
        matches.add(m);
      }
    }
    if (matches.size() != 1) {
      throw new AssertionError(
          matches.size() + " static methods " + type.getName() + "." + name + " match "
              + arguments.length + " arguments: " + matches);
    }
    return matches.get(0);
  }

  private static boolean applicable(Method m, Object[] arguments) {
    Class<?>[] parameters = m.getParameterTypes();
    if (parameters.length != arguments.length) {
      return false;
    }
    for (int i = 0; i < parameters.length; i++) {
      Object argument = arguments[i];
      Class<?> parameter = box(parameters[i]);
      if (argument == null ? parameters[i].isPrimitive() : !parameter.isInstance(argument)) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    }
    if (type == long.class) {
      return Long.class;
    }
    if (type == boolean.class) {
      return Boolean.class;
    }
    if (type == double.class) {
      return Double.class;
    }
    if (type == char.class) {
      return Character.class;
    }
    if (type == byte.class) {
      return Byte.class;
    }
    if (type == short.class) {
      return Short.class;
    }
    if (type == float.class) {
      return Float.class;
    }
    return Void.class;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Defines the compiled classes; anything else (the runtime, Trace) comes from the parent. */
  private static final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null && classes.containsKey(name)) {
          // Child first for compiled classes, so a test class that the parent also has on its
          // class path is never taken from there.
          loaded = findClass(name);
        }
        if (loaded == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
