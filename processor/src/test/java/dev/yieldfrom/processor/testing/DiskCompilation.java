package dev.yieldfrom.processor.testing;

import dev.yieldfrom.processor.CoroutineProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A compilation with the processor that writes its output to a directory. Unlike compile-testing,
 * which keeps no generated file of a failed compilation, this shows what the processor generated
 * in a build that failed: that one bad class does not stop the others.
 */
public final class DiskCompilation {
  private final Path generated;
  private final Path classes;
  private final boolean success;
  private final List<Diagnostic<? extends JavaFileObject>> diagnostics;

  private DiskCompilation(
      Path generated,
      Path classes,
      boolean success,
      List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    this.generated = generated;
    this.classes = classes;
    this.success = success;
    this.diagnostics = diagnostics;
  }

  /** Compiles {@code sources} (one compilation unit each) under {@code directory}. */
  public static DiskCompilation compile(Path directory, String... sources) {
    return compile(directory, List.of(), sources);
  }

  /** As {@link #compile(Path, String...)}, with more javac options (such as {@code -g}). */
  public static DiskCompilation compile(Path directory, List<String> options, String... sources) {
    try {
      Path sourceDir = Files.createDirectories(directory.resolve("src"));
      Path generated = Files.createDirectories(directory.resolve("generated"));
      Path classes = Files.createDirectories(directory.resolve("classes"));
      List<String> arguments = new ArrayList<>(options);
      arguments.addAll(
          List.of(
              "-s", generated.toString(),
              "-d", classes.toString(),
              "-classpath", System.getProperty("java.class.path")));
      List<Path> files = new ArrayList<>();
      for (String source : sources) {
        Path file =
            sourceDir.resolve(CoroutineCompiler.qualifiedName(source).replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        files.add(file);
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
      try (StandardJavaFileManager fileManager = javac.getStandardFileManager(collector, null, null)) {
        JavaCompiler.CompilationTask task =
            javac.getTask(
                null,
                fileManager,
                collector,
                arguments,
                null,
                fileManager.getJavaFileObjectsFromPaths(files));
        task.setProcessors(List.of(new CoroutineProcessor()));
        boolean success = task.call();
        return new DiskCompilation(generated, classes, success, collector.getDiagnostics());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the class files are. */
  public Path classes() {
    return classes;
  }

  /** Every diagnostic of the compilation, as {@link #errors()} shows errors. */
  public List<String> diagnostics() {
    return diagnostics.stream().map(d -> d.getKind() + " " + d.getMessage(null)).toList();
  }

  public boolean succeeded() {
    return success;
  }

  /** The text of the generated source {@code qualifiedName}, or null if it was not generated. */
  public String generatedSource(String qualifiedName) {
    Path file = generated.resolve(qualifiedName.replace('.', '/') + ".java");
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each error as {@code File.java:line: message}. */
  public List<String> errors() {
    return diagnostics.stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(
            d ->
                (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":")
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(null))
        .collect(Collectors.toList());
  }
}
