package dev.yieldfrom.bench;

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
 * (6) Compile time and size: javac with the yieldfrom processor over {@link CompileSources}' 1,000
 * coroutine methods against javac over the same methods written plainly, and the same comparison
 * for Kotlin (kotlinc over {@code sequence {}} and suspend functions against plain functions).
 * Each compilation is its own process, repeated; the sets alternate within a repetition so that
 * machine load falls on all alike. Reports the median, min and max of each, in wall seconds and in
 * CPU seconds of the compiler process (user + system, from /usr/bin/time where present: on a
 * loaded machine the less disturbed of the two), and the sizes of what each produced: generated
 * source bytes against the templates, class-file bytes and count.
 *
 * <p>Usage: {@code CompileTime JAVAC CLASSPATH PROCESSOR_JAR KOTLINC_DIR|- [RUNS [KOTLIN_RUNS]]}.
 * CLASSPATH (the benchmarks uber-jar: runtime, Kotlin stdlib, kotlinx.coroutines) is the class
 * path of every compilation; KOTLINC_DIR holds the Kotlin compiler's jars ({@code -} leaves Kotlin
 * out). The decomposition (templates + generated sources without the processor) runs once.
 */
public final class CompileTime {
  public static void main(String[] args) throws Exception {
    String javac = args[0];
    String classpath = args[1];
    String processor = args[2];
    String kotlinc = args[3].equals("-") ? null : args[3];
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int kotlinRuns = args.length > 5 ? Integer.parseInt(args[5]) : runs;
    Path root = Files.createTempDirectory("yieldfrom-compile-time");
    try {
      List<Path> coroutines = CompileSources.java(root.resolve("coroutines"), true);
      List<Path> plain = CompileSources.java(root.resolve("plain"), false);
      List<Path> kotlinCoroutines = CompileSources.kotlin(root.resolve("kt-coroutines"), true);
      List<Path> kotlinPlain = CompileSources.kotlin(root.resolve("kt-plain"), false);
      Timings withProcessor = new Timings();
      Timings withoutProcessor = new Timings();
      Timings outputOnly = new Timings();
      Timings kotlinWith = new Timings();
      Timings kotlinWithout = new Timings();
      Path generated = root.resolve("generated");
      for (int run = 0; run < runs; run++) {
        clean(generated);
        withProcessor.add(
            javac(javac, clean(root.resolve("out-c")),
                List.of("-cp", classpath, "-processorpath", processor, "-s", generated.toString()),
                coroutines));
        if (run == 0) {
          // The same templates plus what the processor wrote, compiled without it: what the
          // generated code costs javac, apart from the processor's own work.
          outputOnly.add(
              javac(javac, clean(root.resolve("out-g")), List.of("-cp", classpath, "-proc:none"),
                  concat(coroutines, filesUnder(generated, ".java"))));
        }
        withoutProcessor.add(
            javac(javac, clean(root.resolve("out-p")), List.of("-cp", classpath, "-proc:none"), plain));
        if (kotlinc != null && run < kotlinRuns) {
          kotlinWith.add(kotlinc(kotlinc, classpath, clean(root.resolve("out-kc")), kotlinCoroutines));
          kotlinWithout.add(kotlinc(kotlinc, classpath, clean(root.resolve("out-kp")), kotlinPlain));
        }
      }
      Results.put("compile.methods", CompileSources.CLASSES * CompileSources.METHODS_PER_CLASS);
      Results.put("compile.runs", runs);
      Results.put("compile.kotlinRuns", kotlinc == null ? 0 : Math.min(runs, kotlinRuns));
      put("compile.coroutines.seconds", withProcessor);
      put("compile.plain.seconds", withoutProcessor);
      put("compile.templatesAndGeneratedWithoutProcessor.seconds", outputOnly);
      sizes("compile.templates", coroutines);
      sizes("compile.plainSource", plain);
      sizes("compile.generatedSource", filesUnder(generated, ".java"));
      sizes("compile.coroutines.classes", filesUnder(root.resolve("out-c"), ".class"));
      sizes("compile.plain.classes", filesUnder(root.resolve("out-p"), ".class"));
      if (kotlinc != null) {
        put("compile.kotlinCoroutines.seconds", kotlinWith);
        put("compile.kotlinPlain.seconds", kotlinWithout);
        sizes("compile.kotlinCoroutines.classes", filesUnder(root.resolve("out-kc"), ".class"));
        sizes("compile.kotlinPlain.classes", filesUnder(root.resolve("out-kp"), ".class"));
      } else {
        Results.put("compile.kotlin.skipped", "skipped: no Kotlin compiler given");
      }
    } finally {
      delete(root);
    }
  }

  /** Wall and CPU seconds of the repetitions of one compilation. */
  private static final class Timings {
    final List<Double> wall = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();

    void add(double[] wallAndCpu) {
      wall.add(wallAndCpu[0]);
      if (!Double.isNaN(wallAndCpu[1])) {
        cpu.add(wallAndCpu[1]);
      }
    }
  }

  /** {@code key.*} (wall seconds) and {@code key.cpu.*} (CPU seconds). */
  private static void put(String key, Timings timings) {
    Stats.of(timings.wall).put(key);
    Results.put(key + ".all", timings.wall.toString());
    if (!timings.cpu.isEmpty()) {
      Stats.of(timings.cpu).put(key + ".cpu");
      Results.put(key + ".cpu.all", timings.cpu.toString());
    }
  }

  /** {@code key.files} and {@code key.bytes} of the given files. */
  private static void sizes(String key, List<Path> files) throws IOException {
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    Results.put(key + ".files", files.size());
    Results.put(key + ".bytes", bytes);
  }

  private static double[] javac(String javac, Path out, List<String> options, List<Path> sources)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javac);
    command.addAll(options);
    command.addAll(Arrays.asList("--release", "17", "-nowarn", "-d", out.toString()));
    return time(command, sources);
  }

  /** kotlinc (K2JVMCompiler from the embeddable compiler) on the JVM running this program. */
  private static double[] kotlinc(String dir, String classpath, Path out, List<Path> sources)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(
        java, "-cp", dir + File.separator + "*", "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
        "-no-stdlib", "-no-reflect", "-nowarn", "-jvm-target", "17", "-cp", classpath,
        "-d", out.toString()));
    return time(command, sources);
  }

  private static final Path TIME = Path.of("/usr/bin/time");

  /** Runs a compiler; returns its wall seconds and CPU seconds (NaN without /usr/bin/time). */
  private static double[] time(List<String> command, List<Path> sources) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>();
    Path cpuFile = null;
    if (Files.isExecutable(TIME)) {
      cpuFile = Files.createTempFile("compile-cpu", ".txt");
      all.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
    }
    all.addAll(command);
    for (Path source : sources) {
      all.add(source.toString());
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(all).inheritIO().start();
    int exit = process.waitFor();
    double took = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("compiler failed (" + exit + "): " + command.subList(0, Math.min(6, command.size())));
    }
    double cpu = Double.NaN;
    if (cpuFile != null) {
      String[] userSystem = Files.readString(cpuFile).trim().split("\\s+");
      cpu = Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(userSystem[userSystem.length - 1]);
      Files.delete(cpuFile);
    }
    return new double[] {took, cpu};
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<Path> filesUnder(Path dir, String suffix) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static Path clean(Path dir) throws IOException {
    delete(dir);
    return Files.createDirectories(dir);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
