package dev.yieldfrom.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.yieldfrom.processor.CoroutineProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with the yieldfrom processor (through compile-testing) and loads what was
 * compiled, user classes and generated ones, into an in-memory class loader whose parent is the
 * test's own, so the runtime classes and {@link Trace} are shared with the test.
 *
 * <p>Each source is one compilation unit as a string; its file name is taken from its package and
 * its first top-level type.
 */
public final class CoroutineCompiler {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
              + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");

  private CoroutineCompiler() {}

  /** The compilation of {@code sources} with the processor, whether or not it succeeded. */
  public static Compilation compile(List<String> options, String... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (String source : sources) {
      files.add(file(source));
    }
    return compile(options, files);
  }

  /** The compilation of {@code files} with the processor, whether or not it succeeded. */
  public static Compilation compile(List<String> options, List<JavaFileObject> files) {
    return Compiler.javac()
        .withProcessors(new CoroutineProcessor())
        .withOptions(options)
        .compile(files);
  }

  /** {@code source} as a file named after its first top-level type. */
  public static JavaFileObject file(String source) {
    return JavaFileObjects.forSourceString(qualifiedName(source), source);
  }

  public static Compilation compile(String... sources) {
    return compile(List.of(), sources);
  }

  private static final Map<List<String>, Object> CACHE = new ConcurrentHashMap<>();

  /**
   * Like {@link #compileAndLoad}, but compiles each distinct list of sources once per test run,
   * so that the tests of a class can share one compilation. A failed compilation fails every test
   * that asks for it, with the same message.
   */
  public static Compiled shared(String... sources) {
    Object outcome =
        CACHE.computeIfAbsent(
            List.of(sources),
            key -> {
              try {
                return compileAndLoad(sources);
              } catch (AssertionError failed) {
                return failed;
              }
            });
    if (outcome instanceof AssertionError failed) {
      throw new AssertionError(failed.getMessage(), failed);
    }
    return (Compiled) outcome;
  }

  /** Compiles {@code sources}, asserts that the compilation succeeded, and loads its classes. */
  public static Compiled compileAndLoad(String... sources) {
    return load(compile(sources));
  }

  /** Loads a successful compilation; fails with all its diagnostics if it did not succeed. */
  public static Compiled load(Compilation compilation) {
    assertWithMessage("compilation failed:\n%s", describe(compilation))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      classes.put(binaryName(file), bytes(file));
    }
    return new Compiled(compilation, classes, CoroutineCompiler.class.getClassLoader());
  }

  /** The qualified name of the first top-level type of {@code source}, which names its file. */
  public static String qualifiedName(String source) {
    Matcher type = TYPE.matcher(source);
    if (!type.find()) {
      throw new IllegalArgumentException("no top-level type in:\n" + source);
    }
    Matcher pkg = PACKAGE.matcher(source);
    String prefix = pkg.find() ? pkg.group(1) + "." : "";
    return prefix + type.group(1);
  }

  /** Every diagnostic of the compilation, then every generated source, for failure messages. */
  public static String describe(Compilation compilation) {
    String diagnostics =
        compilation.diagnostics().stream()
            .map(CoroutineCompiler::describe)
            .collect(Collectors.joining("\n"));
    StringBuilder out = new StringBuilder(diagnostics);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return out.toString(); // compile-testing keeps no generated files of a failed compilation
    }
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      try {
        out.append("\n---- ").append(file.getName()).append(" ----\n");
        out.append(numbered(file.getCharContent(true).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
    return d.getKind() + ": " + where + d.getMessage(null);
  }

  private static String numbered(String text) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      out.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return out.toString();
  }

  private static String binaryName(JavaFileObject file) {
    // compile-testing names class outputs mem:///CLASS_OUTPUT/pkg/Name.class
    String path = file.toUri().getPath();
    String marker = "/CLASS_OUTPUT/";
    int at = path.indexOf(marker);
    if (at < 0) {
      throw new IllegalStateException("unexpected class file location " + file.toUri());
    }
    String relative = path.substring(at + marker.length());
    return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
  }

  private static byte[] bytes(JavaFileObject file) {
    try (InputStream in = file.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
