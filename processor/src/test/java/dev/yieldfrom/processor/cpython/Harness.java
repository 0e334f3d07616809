package dev.yieldfrom.processor.cpython;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.yieldfrom.processor.CoroutineProcessor;
import dev.yieldfrom.runtime.Gen;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles coroutine templates with the yieldfrom processor in one javac run, loads everything it
 * produced into an in-memory class loader (whose parent is the test's, so the runtime and {@link
 * Trace} are shared), and creates coroutines by calling the generated factories reflectively.
 *
 * <p>The sources are the test resources {@code cpython/<Name>.java}, each a top-level class
 * {@code cpython.<Name>} holding one nested class per ported Python test.
 */
final class Harness {
  private final String outer;
  private final ClassLoader loader;
  private final Map<String, Class<?>> companions = new HashMap<>();

  private Harness(String outer, ClassLoader loader) {
    this.outer = outer;
    this.loader = loader;
  }

  /** Compiles the resource {@code cpython/<name>.java} (class {@code cpython.<name>}). */
  static Harness compile(String name) {
    String source = resource("/cpython/" + name + ".java");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CoroutineProcessor())
            .compile(JavaFileObjects.forSourceString("cpython." + name, source));
    if (compilation.status() != Compilation.Status.SUCCESS) {
      StringBuilder message = new StringBuilder("compiling cpython/" + name + ".java failed:\n");
      compilation.errors().forEach(d -> message.append(d).append('\n'));
      throw new AssertionError(message);
    }
    dumpSources(compilation);
    return new Harness(
        name, dev.yieldfrom.processor.testing.CoroutineCompiler.load(compilation).loader());
  }

  /**
   * Creates the coroutine {@code method} of the nested template class {@code nested}, calling the
   * generated factory {@code cpython.<Outer>_<nested>Coroutines.<method>(args)}.
   */
  @SuppressWarnings("unchecked")
  Gen<Object, Object, Object> gen(String nested, String method, Object... args) {
    Class<?> companion =
        companions.computeIfAbsent(nested, n -> load("cpython." + outer + "_" + n + "Coroutines"));
    List<Method> candidates = new ArrayList<>();
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        candidates.add(m);
      }
    }
    if (candidates.size() != 1) {
      throw new IllegalArgumentException(
          "no single factory " + companion.getName() + "." + method + " of " + args.length);
    }
    Method factory = candidates.get(0);
    factory.setAccessible(true);
    try {
      return (Gen<Object, Object, Object>) factory.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError("factory " + method + " failed", e.getCause());
    }
  }

  Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not generated: " + binaryName, e);
    }
  }

  /**
   * With {@code -Dcpython.dump=DIR} (surefire passes it through {@code argLine} or the system
   * properties), writes the generated sources under DIR for reading.
   */
  private static void dumpSources(Compilation compilation) {
    String dir = System.getProperty("cpython.dump");
    if (dir == null || dir.isEmpty()) {
      return;
    }
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String path = file.toUri().getPath();
      int root = path.indexOf("SOURCE_OUTPUT/");
      Path target = Paths.get(dir, path.substring(root + "SOURCE_OUTPUT/".length()));
      try {
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getCharContent(true));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String resource(String path) {
    try (InputStream in = Harness.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
