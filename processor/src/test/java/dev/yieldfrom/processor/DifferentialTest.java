package dev.yieldfrom.processor;

import dev.yieldfrom.processor.testing.CoroutineCompiler;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.yieldfrom.processor.diff.BodyGenerator;
import dev.yieldfrom.processor.diff.Feature;
import dev.yieldfrom.processor.diff.Harness;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The differential test of issue 3: random structured template bodies, each run through the state
 * machine the processor generated from it and through {@link dev.yieldfrom.runtime.ReferenceMode}
 * (the template itself, run by the JVM as javac compiled it), driven by the same script; the two
 * traces (events the body logs, values it yields and returns, exceptions) must be identical.
 *
 * <p>System properties: {@code yieldfrom.diff.bodies} (default 1000, in classes of 100 methods),
 * {@code yieldfrom.diff.seed} (default fixed), {@code yieldfrom.diff.scripts} (driver scripts
 * per body, default 3), {@code yieldfrom.diff.features} (see {@link Feature}), {@code
 * yieldfrom.diff.class} (run only that class index of the seed's sequence), {@code
 * yieldfrom.diff.threads} (default: available processors).
 */
class DifferentialTest {
  static final int METHODS_PER_CLASS = 100;
  static final String PACKAGE = "diffgen";
  static final int REPORTED_MISMATCHES = 3;

  record ClassResult(
      int index,
      int compared,
      int skipped,
      List<String> failures,
      long compileMillis,
      long runMillis,
      Map<String, Long> coverage) {
    ClassResult(
        int index,
        int compared,
        int skipped,
        List<String> failures,
        long compileMillis,
        long runMillis) {
      this(index, compared, skipped, failures, compileMillis, runMillis, Map.of());
    }
  }

  /** What the compared runs did, by kind of event: shows the test exercises what it claims to. */
  static void tally(Map<String, Long> counts, List<String> events) {
    for (String event : events) {
      String kind;
      if (event.startsWith("< yield")) {
        kind = "yields";
      } else if (event.startsWith("< return")) {
        kind = "returns";
      } else if (event.startsWith("< raise ")) {
        int colon = event.indexOf(':');
        kind = "raise " + event.substring(8, colon < 0 ? event.length() : colon);
      } else if (event.equals("< closed")) {
        kind = "closes";
      } else if (event.startsWith("> throw")) {
        kind = "throwIntos";
      } else if (event.startsWith("enter m")) {
        kind = "template entries";
      } else if (event.startsWith("catch")) {
        kind = "catch blocks";
      } else if (event.startsWith("fin")) {
        kind = "finally blocks";
      } else if (event.startsWith("close r")) {
        kind = "resource closes";
      } else if (event.startsWith("K")) {
        kind = "lambda calls";
      } else if (event.matches("se\\d.*")) {
        kind = "switch expression arms";
      } else if (event.matches("C\\d.*")) {
        kind = "switch rules";
      } else if (event.matches("J\\d.*")) {
        kind = "jumps";
      } else {
        continue;
      }
      counts.merge(kind, 1L, Long::sum);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void generatedStateMachinesBehaveAsTheirTemplates() throws Exception {
    int bodies = Integer.getInteger("yieldfrom.diff.bodies", 1000);
    long seed = Long.getLong("yieldfrom.diff.seed", 0x5EED_0003L);
    int scripts = Integer.getInteger("yieldfrom.diff.scripts", 3);
    Set<Feature> features = Feature.parse(System.getProperty("yieldfrom.diff.features"));
    Integer only = Integer.getInteger("yieldfrom.diff.class");
    int threads =
        Integer.getInteger("yieldfrom.diff.threads", Runtime.getRuntime().availableProcessors());
    int classes = (bodies + METHODS_PER_CLASS - 1) / METHODS_PER_CLASS;

    long start = System.nanoTime();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long cpuStart =
        os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    List<Future<ClassResult>> results = new ArrayList<>();
    try {
      for (int k = 0; k < classes; k++) {
        if (only != null && only != k) {
          continue;
        }
        int index = k;
        results.add(pool.submit(() -> runClass(seed, index, scripts, features)));
      }
      int compared = 0;
      int skipped = 0;
      int bodiesRun = 0;
      long compileMillis = 0;
      List<String> failures = new ArrayList<>();
      Map<String, Long> coverage = new TreeMap<>();
      for (Future<ClassResult> future : results) {
        ClassResult result = future.get();
        result.coverage.forEach((k, v) -> coverage.merge(k, v, Long::sum));
        compared += result.compared;
        skipped += result.skipped;
        bodiesRun += METHODS_PER_CLASS;
        compileMillis += result.compileMillis;
        failures.addAll(result.failures);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      long cpuMillis =
          os instanceof com.sun.management.OperatingSystemMXBean sun
              ? (sun.getProcessCpuTime() - cpuStart) / 1_000_000
              : -1;
      System.out.printf(
          Locale.ROOT,
          "differential test: %d bodies in %d classes, seed %d, %d scripts each: %d runs"
              + " compared (%d of them only up to a close that reference mode cannot model), %d"
              + " failures; %d ms, %d ms of CPU (compiling %d ms)"
              + "; features %s%n",
          bodiesRun,
          results.size(),
          seed,
          scripts,
          compared,
          skipped,
          failures.size(),
          millis,
          cpuMillis,
          compileMillis,
          new TreeSet<>(features));
      System.out.println("differential test: events of the compared runs: " + coverage);
      if (!failures.isEmpty()) {
        StringBuilder message = new StringBuilder();
        message.append(failures.size()).append(" differential failure(s); seed ").append(seed);
        message.append(" (-Dyieldfrom.diff.seed=").append(seed).append(")\n");
        for (int i = 0; i < Math.min(REPORTED_MISMATCHES, failures.size()); i++) {
          message.append("\n").append(failures.get(i));
        }
        fail(message.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static long classSeed(long seed, int index) {
    return seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1;
  }

  static ClassResult runClass(long seed, int index, int scripts, Set<Feature> features) {
    String className = "D" + index;
    long classSeed = classSeed(seed, index);
    BodyGenerator generator = new BodyGenerator(classSeed, features, className, METHODS_PER_CLASS);
    List<String> methods = new ArrayList<>();
    for (int m = 0; m < METHODS_PER_CLASS; m++) {
      methods.add(generator.method(m));
    }
    String source = generator.compilationUnit(PACKAGE, methods);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long cpuStart = cpu.getCurrentThreadCpuTime();
    long compileStart = System.nanoTime();
    String dump = System.getProperty("yieldfrom.diff.dump");
    if (dump != null) {
      try {
        java.nio.file.Path dir = java.nio.file.Paths.get(dump, PACKAGE);
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve(className + ".java"), source);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    Compilation compilation;
    try {
      compilation =
          Compiler.javac()
              .withProcessors(new CoroutineProcessor())
              .compile(JavaFileObjects.forSourceString(PACKAGE + "." + className, source));
    } catch (RuntimeException crash) {
      // javac itself failed (compile-testing reports a crash this way): find the method.
      List<String> failures = new ArrayList<>();
      failures.add(crashReport(seed, index, className, methods, generator, crash));
      return new ClassResult(index, 0, 0, failures, 0, 0);
    }
    long compileMillis = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
    long compileWallMillis = (System.nanoTime() - compileStart) / 1_000_000;
    List<String> failures = new ArrayList<>();
    if (compilation.status() != Compilation.Status.SUCCESS) {
      failures.add(compileFailure(seed, index, source, methods, compilation));
      return new ClassResult(index, 0, 0, failures, compileMillis, 0);
    }
    long runStart = System.nanoTime();
    ClassLoader loader = CoroutineCompiler.load(compilation).loader();
    int compared = 0;
    int skipped = 0;
    Map<String, Long> coverage = new TreeMap<>();
    for (int m = 0; m < METHODS_PER_CLASS; m++) {
      Harness.Entry entry = new Harness.Entry(loader, PACKAGE + "." + className, m);
      for (int s = 0; s < scripts; s++) {
        long scriptSeed = classSeed * 1_000_003L + m * 101L + s;
        Harness.Run[] runs;
        try {
          runs = Harness.compare(entry, scriptSeed);
        } catch (RuntimeException | AssertionError e) {
          failures.add(
              header(seed, index, m, scriptSeed)
                  + "the harness failed: "
                  + e
                  + "\n"
                  + bodyAndCallees(methods, m));
          break;
        }
        Harness.Run real = runs[0];
        Harness.Run ref = runs[1];
        if (ref.leaked()) {
          failures.add(
              header(seed, index, m, scriptSeed)
                  + "the reference thread did not end after abandon\n"
                  + bodyAndCallees(methods, m));
        }
        List<String> realEvents = real.events();
        List<String> refEvents = ref.events();
        if (ref.cut() < refEvents.size()) {
          skipped++;
          realEvents = realEvents.subList(0, Math.min(ref.cut(), realEvents.size()));
          refEvents = refEvents.subList(0, ref.cut());
        }
        compared++;
        tally(coverage, refEvents);
        if (!realEvents.equals(refEvents)) {
          failures.add(
              header(seed, index, m, scriptSeed)
                  + "the state machine and the template behave differently\n"
                  + bodyAndCallees(methods, m)
                  + (ref.cut() < ref.events().size()
                      ? "--- compared up to entry " + ref.cut() + " (reference mode: "
                          + ref.unmodeled() + ")\n"
                      : "")
                  + traces(real.events(), ref.events()));
          break;
        }
      }
    }
    long runMillis = (System.nanoTime() - runStart) / 1_000_000;
    System.out.printf(
        Locale.ROOT,
        "differential test: class D%d: compile %d ms (%d ms of CPU), runs %d ms%n",
        index,
        compileWallMillis,
        compileMillis,
        runMillis);
    return new ClassResult(index, compared, skipped, failures, compileMillis, runMillis, coverage);
  }

  /**
   * Compiles each method alone (the others replaced by stubs) to find those javac crashes on, with
   * the processor and without it (then the crash is javac's own, on the template).
   */
  private static String crashReport(
      long seed, int index, String className, List<String> methods, BodyGenerator generator,
      RuntimeException crash) {
    StringBuilder text = new StringBuilder();
    text.append("=== seed ").append(seed).append(", class D").append(index);
    text.append(" (-Dyieldfrom.diff.class=").append(index).append("): javac crashed: ");
    text.append(crash).append('\n');
    for (int m = 0; m < methods.size(); m++) {
      List<String> alone = new ArrayList<>();
      for (int k = 0; k < methods.size(); k++) {
        alone.add(k == m ? methods.get(k) : stub(generator, k));
      }
      String source = generator.compilationUnit(PACKAGE, alone);
      String withProcessor = compileOutcome(source, className, true);
      if (withProcessor == null) {
        continue;
      }
      String without = compileOutcome(source.replace(className + "Coroutines.", ""), className, false);
      text.append("--- m").append(m).append(": with the processor: ").append(withProcessor);
      text.append("; javac alone: ").append(without == null ? "compiles" : without).append('\n');
      text.append(methods.get(m));
    }
    return text.toString();
  }

  private static String stub(BodyGenerator generator, int m) {
    return "  @Coroutine\n  " + generator.signature(m) + " {\n    return done(p);\n  }\n";
  }

  /** Null if {@code source} compiles, else what went wrong. */
  private static String compileOutcome(String source, String className, boolean withProcessor) {
    try {
      Compiler javac =
          withProcessor
              ? Compiler.javac().withProcessors(new CoroutineProcessor())
              : Compiler.javac().withOptions("-proc:none");
      Compilation compilation =
          javac.compile(JavaFileObjects.forSourceString(PACKAGE + "." + className, source));
      if (compilation.status() == Compilation.Status.SUCCESS) {
        return null;
      }
      return "errors " + compilation.errors();
    } catch (RuntimeException crash) {
      return "crash " + crash.getClass().getSimpleName();
    }
  }

  private static String header(long seed, int index, int method, long scriptSeed) {
    return "=== seed "
        + seed
        + ", class D"
        + index
        + " (-Dyieldfrom.diff.seed="
        + seed
        + " -Dyieldfrom.diff.class="
        + index
        + "), method m"
        + method
        + ", script seed "
        + scriptSeed
        + ": ";
  }

  private static final Pattern CALL = Pattern.compile("\\bm(\\d+)\\((this, )?t,");

  /** The source of method {@code m} and of every method it delegates to, transitively. */
  static String bodyAndCallees(List<String> methods, int m) {
    TreeSet<Integer> seen = new TreeSet<>();
    List<Integer> work = new ArrayList<>(List.of(m));
    while (!work.isEmpty()) {
      int next = work.remove(work.size() - 1);
      if (!seen.add(next)) {
        continue;
      }
      Matcher matcher = CALL.matcher(methods.get(next));
      while (matcher.find()) {
        work.add(Integer.parseInt(matcher.group(1)));
      }
    }
    StringBuilder text = new StringBuilder("--- body (and callees)\n");
    text.append(methods.get(m));
    for (int callee : seen) {
      if (callee != m) {
        text.append(methods.get(callee));
      }
    }
    return text.toString();
  }

  private static String traces(List<String> real, List<String> ref) {
    int first = 0;
    while (first < real.size() && first < ref.size() && real.get(first).equals(ref.get(first))) {
      first++;
    }
    StringBuilder text = new StringBuilder();
    text.append("--- traces differ at entry ").append(first).append('\n');
    text.append("--- state machine:\n");
    appendTrace(text, real, first);
    text.append("--- reference (template run by the JVM):\n");
    appendTrace(text, ref, first);
    return text.toString();
  }

  private static void appendTrace(StringBuilder text, List<String> events, int first) {
    int limit = Math.min(events.size(), first + 40);
    for (int i = 0; i < limit; i++) {
      text.append(i == first ? ">>" : "  ").append(String.format(Locale.ROOT, "%4d ", i));
      text.append(events.get(i)).append('\n');
    }
    if (limit < events.size()) {
      text.append("  ... ").append(events.size() - limit).append(" more\n");
    }
  }

  private static String compileFailure(
      long seed, int index, String source, List<String> methods, Compilation compilation) {
    StringBuilder text = new StringBuilder();
    text.append("=== seed ").append(seed).append(", class D").append(index);
    text.append(" (-Dyieldfrom.diff.class=").append(index).append("): compilation failed\n");
    int shown = 0;
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      if (shown++ == 5) {
        break;
      }
      text.append(d.getMessage(Locale.ROOT)).append(" (line ").append(d.getLineNumber()).append(")\n");
      long line = d.getLineNumber();
      if (d.getSource() != null && !d.getSource().getName().endsWith("/D" + index + ".java")) {
        text.append("  in generated ").append(d.getSource().getName()).append('\n');
        try {
          String[] generated = d.getSource().getCharContent(true).toString().split("\n", -1);
          for (long l = Math.max(1, line - 8); l <= Math.min(generated.length, line + 3); l++) {
            text.append(l == line ? ">> " : "   ").append(generated[(int) l - 1]).append('\n');
          }
        } catch (java.io.IOException e) {
          text.append("  (cannot read it: ").append(e).append(")\n");
        }
        continue;
      }
      String[] lines = source.split("\n", -1);
      if (line > 0 && line <= lines.length) {
        text.append("    ").append(lines[(int) line - 1].strip()).append('\n');
        // The method around the line.
        for (int m = 0; m < methods.size(); m++) {
          int at = source.indexOf(methods.get(m));
          int startLine = source.substring(0, at).split("\n", -1).length;
          int endLine = startLine + methods.get(m).split("\n", -1).length;
          if (line >= startLine && line < endLine) {
            text.append(methods.get(m));
            break;
          }
        }
      }
    }
    return text.toString();
  }
}
