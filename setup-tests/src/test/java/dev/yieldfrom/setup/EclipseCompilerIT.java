package dev.yieldfrom.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;

/**
 * Eclipse's compiler (ecj, as Eclipse and m2e run it) with the processor on its processor path:
 * it has no javac Compiler Tree API, so the processor must say, once, that it needs javac, and
 * neither crash nor stay silent.
 */
class EclipseCompilerIT {
  private static final Pattern PROBLEM =
      Pattern.compile("^\\d+\\. (ERROR|WARNING)(?: in (\\S+) \\(at line (\\d+)\\))?", Pattern.MULTILINE);

  /** What ecj printed and whether it succeeded. */
  private record Compilation(boolean succeeded, String output, Path directory) {
    List<String> problems() {
      Matcher matcher = PROBLEM.matcher(output);
      List<String> problems = new ArrayList<>();
      while (matcher.find()) {
        problems.add(matcher.group());
      }
      return problems;
    }
  }

  @Test
  void coroutineSourceGetsOneErrorSayingJavacIsNeeded() throws IOException {
    Compilation compilation =
        compile(
            "NeedsJavac",
            """
            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.runtime.Co;

            public class Greeter {
              @Coroutine
              static Co<String> greet(String name) {
                return done("hello " + name);
              }

              @Coroutine
              static Co<String> greetTwice(String name) {
                return done(yieldFrom(greet(name)) + yieldFrom(greet(name)));
              }
            }
            """);

    assertFalse(compilation.succeeded(), compilation.output());
    assertEquals(1, compilation.problems().size(), compilation.output());
    String output = compilation.output();
    assertTrue(output.contains("Greeter.java (at line 8)"), "at the first @Coroutine method:\n" + output);
    assertTrue(
        output.contains(
            "[YieldFromNeedsJavac] the yieldfrom processor needs javac"),
        output);
    assertEquals(1, count(output, "[YieldFrom"), output);
    assertFalse(output.contains("Exception"), output);
    assertTrue(Files.notExists(compilation.directory().resolve("generated/GreeterCoroutines.java")));
  }

  @Test
  void readmeProgramGetsTheSameErrorBesidesTheUnresolvedFactoryClass() throws IOException {
    Compilation compilation = compile("ReadmeProgram", Readme.load().firstJavaProgram(), "Chain");

    String output = compilation.output();
    assertFalse(compilation.succeeded(), output);
    assertEquals(1, count(output, "[YieldFromNeedsJavac]"), output);
    assertEquals(1, count(output, "[YieldFrom"), output);
    assertTrue(output.contains("ChainCoroutines cannot be resolved"), output);
    int outer = lineOf(Readme.load().firstJavaProgram(), "static Co<String> outer()");
    assertTrue(output.contains("Chain.java (at line " + outer + ")"), "at outer():\n" + output);
    assertFalse(output.contains("Exception"), output);
  }

  @Test
  void sourceWithoutCoroutinesCompilesUntouched() throws IOException {
    Compilation compilation =
        compile(
            "NoCoroutines",
            """
            import dev.yieldfrom.runtime.EventLoop;

            public class Plain {
              static EventLoop loop() {
                return EventLoop.create();
              }
            }
            """,
            "Plain");

    assertTrue(compilation.succeeded(), compilation.output());
    // ecj's default lint warns in the generated code (unused labels, unneeded suppressions).
    assertTrue(
        compilation.problems().stream().noneMatch(p -> p.contains("ERROR")), compilation.output());
    assertTrue(Files.isRegularFile(compilation.directory().resolve("classes/Plain.class")));
  }

  /**
   * The way around, for Eclipse: javac generates the sources (the processor runs there), ecj
   * compiles them with the templates, processors off, as Eclipse does with a generated sources
   * folder. The program then runs as compiled by javac.
   */
  @Test
  void sourcesGeneratedByJavacCompileWithEcj() throws IOException {
    Path directory = Build.freshDirectory("ecj-generated-by-javac");
    Path program = directory.resolve("Chain.java");
    Files.writeString(program, Readme.load().firstJavaProgram());
    String classPath = Build.jar("runtime") + File.pathSeparator + Build.jar("annotations");
    Command.run(
            directory,
            Map.of(),
            List.of(
                "javac", "-cp", classPath,
                "-processorpath", Build.jar("processor").toString(),
                "-proc:only", "-s", "generated", "Chain.java"))
        .succeeded("javac -proc:only");

    List<String> arguments = new ArrayList<>(List.of("-proc:none", "-cp", classPath));
    arguments.addAll(List.of("-d", directory.resolve("classes").toString(), program.toString()));
    try (Stream<Path> generated = Files.list(directory.resolve("generated"))) {
      generated.map(Path::toString).sorted().forEach(arguments::add);
    }
    Compilation compilation = ecj(directory, arguments);
    assertTrue(compilation.succeeded(), compilation.output());
    // ecj's default lint warns in the generated code (unused labels, unneeded suppressions).
    assertTrue(
        compilation.problems().stream().noneMatch(p -> p.contains("ERROR")), compilation.output());

    String printed =
        Command.run(
                directory,
                Map.of(),
                List.of("java", "-cp", "classes" + File.pathSeparator + classPath, "Chain"))
            .succeeded("the program compiled by ecj");
    assertEquals("in outer\nresult1 / result2 derived from result1\n", printed);
  }

  private static Compilation compile(String test, String source) throws IOException {
    return compile(test, source, "Greeter");
  }

  private static Compilation compile(String test, String source, String className)
      throws IOException {
    Path directory = Build.freshDirectory("ecj-" + test);
    Path file = directory.resolve(className + ".java");
    Files.writeString(file, source);
    return ecj(
        directory,
        List.of(
            "-cp", Build.jar("runtime") + File.pathSeparator + Build.jar("annotations"),
            "-processorpath", Build.jar("processor").toString(),
            "-s", directory.resolve("generated").toString(),
            "-d", directory.resolve("classes").toString(),
            file.toString()));
  }

  /** ecj's batch compiler, in this JVM, for Java 17. */
  private static Compilation ecj(Path directory, List<String> arguments) {
    List<String> commandLine = new ArrayList<>(List.of("--release", "17"));
    commandLine.addAll(arguments);
    StringWriter output = new StringWriter();
    PrintWriter writer = new PrintWriter(output);
    boolean succeeded =
        BatchCompiler.compile(commandLine.toArray(String[]::new), writer, writer, null);
    writer.flush();
    return new Compilation(succeeded, output.toString(), directory);
  }

  private static int lineOf(String source, String text) {
    List<String> lines = source.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text + " in\n" + source);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
