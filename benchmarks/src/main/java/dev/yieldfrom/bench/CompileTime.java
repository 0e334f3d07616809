package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Results.put;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * (6) Compile time: javac with the yieldfrom processor over a generated source set of 1,000
 * coroutine methods, against javac over 1,000 plain methods with the same bodies (a yield becomes
 * a call of a consumer, a yieldFrom a call), each run as a separate javac process several times;
 * medians are reported.
 *
 * <p>Usage: {@code CompileTime JAVAC RUNTIME_JAR PROCESSOR_JAR [RUNS]}. The runtime jar (or the
 * benchmarks uber-jar, which contains it) is the class path of both compilations.
 */
public final class CompileTime {
  static final int CLASSES = 20;
  static final int METHODS_PER_CLASS = 50;

  public static void main(String[] args) throws Exception {
    String javac = args[0];
    String classpath = args[1];
    String processor = args[2];
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Path root = Files.createTempDirectory("yieldfrom-compile-time");
    try {
      Path coroutines = root.resolve("coroutines");
      Path plain = root.resolve("plain");
      List<Path> coroutineSources = write(coroutines, true);
      List<Path> plainSources = write(plain, false);
      // Alternate the two so that machine load falls on both alike.
      List<Double> withProcessor = new ArrayList<>();
      List<Double> withoutProcessor = new ArrayList<>();
      List<Double> outputOnly = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        Path generated = root.resolve("generated" + run);
        Files.createDirectories(generated);
        withProcessor.add(
            javac(
                javac,
                root.resolve("out-c" + run),
                List.of("-cp", classpath, "-processorpath", processor, "-s", generated.toString()),
                coroutineSources));
        // The same templates plus what the processor wrote, compiled without it: what the
        // generated code costs javac, apart from the processor's own work.
        List<Path> together = new ArrayList<>(coroutineSources);
        try (Stream<Path> walk = Files.walk(generated)) {
          walk.filter(f -> f.toString().endsWith(".java")).forEach(together::add);
        }
        outputOnly.add(
            javac(
                javac,
                root.resolve("out-g" + run),
                List.of("-cp", classpath, "-proc:none"),
                together));
        withoutProcessor.add(
            javac(
                javac,
                root.resolve("out-p" + run),
                List.of("-cp", classpath, "-proc:none"),
                plainSources));
      }
      double c = median(withProcessor);
      double p = median(withoutProcessor);
      put("compile.methods", CLASSES * METHODS_PER_CLASS);
      put("compile.coroutines.seconds", c);
      put("compile.plain.seconds", p);
      put("compile.templatesAndGeneratedWithoutProcessor.seconds", median(outputOnly));
      put("compile.runs", runs);
      put("compile.coroutines.all", withProcessor.toString());
      put("compile.plain.all", withoutProcessor.toString());
      put("compile.templatesAndGeneratedWithoutProcessor.all", outputOnly.toString());
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double javac(String javac, Path out, List<String> options, List<Path> sources)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<String> command = new ArrayList<>();
    command.add(javac);
    command.addAll(options);
    command.addAll(Arrays.asList("--release", "17", "-nowarn", "-d", out.toString()));
    for (Path source : sources) {
      command.add(source.toString());
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).inheritIO().start();
    int exit = process.waitFor();
    double took = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("javac failed (" + exit + "): " + command.subList(0, 6));
    }
    return took;
  }

  /** CLASSES classes of METHODS_PER_CLASS methods: a generator, an async chain step, a loop. */
  static List<Path> write(Path dir, boolean coroutines) throws IOException {
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
}
