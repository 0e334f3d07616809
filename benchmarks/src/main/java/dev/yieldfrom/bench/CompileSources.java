package dev.yieldfrom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The source sets CompileTime compiles: 20 classes of {@value #METHODS_PER_CLASS}
 * methods each, in three shapes (a generator with a loop, a branch and a try/finally; an async
 * step awaiting a sleep and the next method; a loop around an await and a catch), written as
 * yieldfrom coroutines, as plain Java with the same bodies (a yield becomes a call of a consumer,
 * an await a call), and the same two ways in Kotlin ({@code sequence {}} and suspend functions of
 * kotlinx.coroutines, and plain functions).
 */
final class CompileSources {
  /** 20 in a full run (1,000 methods); -Dcompile.classes makes a smaller set for smoke runs. */
  static final int CLASSES = Integer.getInteger("compile.classes", 20);
  static final int METHODS_PER_CLASS = 50;

  private CompileSources() {}

  /** CLASSES classes of METHODS_PER_CLASS methods: a generator, an async chain step, a loop. */
  static List<Path> java(Path dir, boolean coroutines) throws IOException {
    Path pkg = dir.resolve("gen");
    Files.createDirectories(pkg);
    List<Path> files = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      String name = "Source" + c;
      StringBuilder s = new StringBuilder();
      s.append("package gen;\n\n");
      if (coroutines) {
        s.append("import static dev.yieldfrom.runtime.Yield.*;\n")
            .append("import static dev.yieldfrom.runtime.Async.*;\n")
            .append("import dev.yieldfrom.Coroutine;\n")
            .append("import dev.yieldfrom.runtime.Co;\n")
            .append("import dev.yieldfrom.runtime.Gen;\n");
      } else {
        s.append("import java.util.function.IntConsumer;\n");
      }
      s.append("\npublic class ").append(name).append(" {\n");
      for (int m = 0; m < METHODS_PER_CLASS; m++) {
        String method = "m" + m;
        switch (m % 3) {
          case 0 -> { // a generator with a loop, a branch and a try/finally
            if (coroutines) {
              s.append("  @Coroutine\n  static Gen<Integer, Object, Integer> ")
                  .append(method)
                  .append("(int n) {\n    int sum = 0;\n    try {\n      for (int i = 0; i < n; i++) {\n")
                  .append("        if (i % 2 == 0) {\n          yieldValue(i * ")
                  .append(m + 1)
                  .append(");\n        }\n        sum += i;\n      }\n    } finally {\n      sum++;\n    }\n")
                  .append("    return done(sum);\n  }\n\n");
            } else {
              s.append("  static int ")
                  .append(method)
                  .append("(int n, IntConsumer out) {\n    int sum = 0;\n    try {\n      for (int i = 0; i < n; i++) {\n")
                  .append("        if (i % 2 == 0) {\n          out.accept(i * ")
                  .append(m + 1)
                  .append(");\n        }\n        sum += i;\n      }\n    } finally {\n      sum++;\n    }\n")
                  .append("    return sum;\n  }\n\n");
            }
          }
          case 1 -> { // an async step awaiting the previous method and a sleep
            if (coroutines) {
              s.append("  @Coroutine\n  static Co<String> ")
                  .append(method)
                  .append("(String who) {\n    yieldFrom(sleep(0));\n    String got = yieldFrom(m")
                  .append(m + 1 < METHODS_PER_CLASS ? m + 1 : 2)
                  .append("(who, 1));\n    return done(who + got);\n  }\n\n");
            } else {
              s.append("  static String ")
                  .append(method)
                  .append("(String who) {\n    Thread.onSpinWait();\n    String got = m")
                  .append(m + 1 < METHODS_PER_CLASS ? m + 1 : 2)
                  .append("(who, 1);\n    return who + got;\n  }\n\n");
            }
          }
          default -> { // a coroutine with a loop around an await and a catch
            if (coroutines) {
              s.append("  @Coroutine\n  static Co<String> ")
                  .append(method)
                  .append("(String who, int times) {\n    StringBuilder out = new StringBuilder();\n")
                  .append("    for (int i = 0; i < times; i++) {\n      try {\n")
                  .append("        yieldFrom(sleep(0.001));\n        out.append(who).append(i);\n")
                  .append("      } catch (IllegalStateException e) {\n        out.append('!');\n      }\n    }\n")
                  .append("    return done(out.toString());\n  }\n\n");
            } else {
              s.append("  static String ")
                  .append(method)
                  .append("(String who, int times) {\n    StringBuilder out = new StringBuilder();\n")
                  .append("    for (int i = 0; i < times; i++) {\n      try {\n")
                  .append("        Thread.onSpinWait();\n        out.append(who).append(i);\n")
                  .append("      } catch (IllegalStateException e) {\n        out.append('!');\n      }\n    }\n")
                  .append("    return out.toString();\n  }\n\n");
            }
          }
        }
      }
      s.append("}\n");
      Path file = pkg.resolve(name + ".java");
      Files.writeString(file, s);
      files.add(file);
    }
    return files;
  }

  /** The same methods in Kotlin: one {@code object} per class (top-level names would clash). */
  static List<Path> kotlin(Path dir, boolean coroutines) throws IOException {
    Path pkg = dir.resolve("gen");
    Files.createDirectories(pkg);
    List<Path> files = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      String name = "Source" + c;
      StringBuilder s = new StringBuilder("package gen\n\n");
      if (coroutines) {
        s.append("import kotlinx.coroutines.delay\nimport kotlinx.coroutines.yield\n");
      } else {
        s.append("import java.util.function.IntConsumer\n");
      }
      s.append("\nobject ").append(name).append(" {\n");
      for (int m = 0; m < METHODS_PER_CLASS; m++) {
        String next = "m" + (m + 1 < METHODS_PER_CLASS ? m + 1 : 2);
        String suspend = coroutines ? "suspend " : "";
        switch (m % 3) {
          case 0 -> {
            if (coroutines) {
              s.append("  fun m").append(m).append("(n: Int): Sequence<Int> = sequence {\n    var sum = 0\n")
                  .append("    try {\n      for (i in 0 until n) {\n        if (i % 2 == 0) {\n          yield(i * ")
                  .append(m + 1)
                  .append(")\n        }\n        sum += i\n      }\n    } finally {\n      sum++\n    }\n  }\n\n");
            } else {
              s.append("  fun m").append(m).append("(n: Int, out: IntConsumer): Int {\n    var sum = 0\n")
                  .append("    try {\n      for (i in 0 until n) {\n        if (i % 2 == 0) {\n          out.accept(i * ")
                  .append(m + 1)
                  .append(")\n        }\n        sum += i\n      }\n    } finally {\n      sum++\n    }\n")
                  .append("    return sum\n  }\n\n");
            }
          }
          case 1 -> s.append("  ").append(suspend).append("fun m").append(m).append("(who: String): String {\n    ")
              .append(coroutines ? "yield()" : "Thread.onSpinWait()")
              .append("\n    val got = ").append(next).append("(who, 1)\n    return who + got\n  }\n\n");
          default -> s.append("  ").append(suspend).append("fun m").append(m).append("(who: String, times: Int): String {\n")
              .append("    val out = StringBuilder()\n    for (i in 0 until times) {\n      try {\n        ")
              .append(coroutines ? "delay(1)" : "Thread.onSpinWait()")
              .append("\n        out.append(who).append(i)\n      } catch (e: IllegalStateException) {\n")
              .append("        out.append('!')\n      }\n    }\n    return out.toString()\n  }\n\n");
        }
      }
      s.append("}\n");
      Path file = pkg.resolve(name + ".kt");
      Files.writeString(file, s);
      files.add(file);
    }
    return files;
  }
}
