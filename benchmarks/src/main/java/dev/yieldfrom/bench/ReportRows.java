package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Figures.fmt;
import static dev.yieldfrom.bench.Figures.ratio;

/** The report's tables for the process-level benchmarks: sleepers, compile time, network, inlining. */
final class ReportRows {
  /** The servers of the network benchmark, in table order: results key and description. */
  static final String[][] SERVERS = {
    {"yieldfrom", "yieldfrom streams (`dev.yieldfrom.examples.net`), one loop thread"},
    {"yieldfromProtocol", "yieldfrom protocol (same servers, `--protocol`)"},
    {"asyncioStreams", "CPython asyncio streams"},
    {"asyncioProtocol", "CPython asyncio protocol"},
    {"uvloopStreams", "uvloop streams"},
    {"uvloopProtocol", "uvloop protocol"},
    {"nettyEpoll", "Netty, one event loop, epoll transport"},
    {"nettyNio", "Netty, one event loop, NIO transport"},
    {"virtualThreads", "JDK virtual threads, blocking sockets, one per connection"},
    {"selectorLoop", "hand-written single-thread `java.nio` Selector loop (the floor)"},
  };

  private final Figures f;
  private final StringBuilder md;

  ReportRows(Figures figures, StringBuilder md) {
    this.f = figures;
    this.md = md;
  }

  void rest() {
    sleepers();
    compile();
    network();
    inlining();
  }

  private void sleepers() {
    String s = "sleepers.";
    md.append("### (5) ").append(fmt(f.num(s + "n"))).append(" tasks each sleeping ").append(fmt(f.num(s + "seconds")))
        .append(" s, then awaited in turn: whole-process peak RSS (VmHWM) and wall time\n\n")
        .append("Each row is its own process, one run each. \"default\" is the JVM's default flags (what a user\n")
        .append("gets); \"tuned\" is the same set of flags for every JVM peer: `").append(f.str(s + "tunedFlags", "?"))
        .append("`.\n\n| peer | default flags | tuned flags |\n| --- | --- | --- |\n");
    double base = f.num(s + "yieldfrom.default.peakRssMB");
    for (String[] peer : new String[][] {
      {"yieldfrom", "yieldfrom, one loop"},
      {"kotlin", "Kotlin coroutines, `runBlocking` + `launch { delay() }`"},
      {"virtual", "JDK virtual threads, `Thread.sleep`, joined"}}) {
      md.append("| ").append(peer[1]).append(" | ").append(sleeper(s + peer[0] + ".default", base))
          .append(" | ").append(sleeper(s + peer[0] + ".tuned", f.num(s + "yieldfrom.tuned.peakRssMB"))).append(" |\n");
    }
    md.append("| yieldfrom, tuned flags and `").append(f.str(s + "heapCap", "?")).append("` (a cap the others do not fit in) | | ")
        .append(sleeper(s + "yieldfrom.tunedCapped", Double.NaN)).append(" |\n")
        .append("| the JVM floor: yieldfrom, 1 task | ").append(sleeper(s + "jvmFloor.default", Double.NaN)).append(" | ")
        .append(sleeper(s + "jvmFloor.tuned", Double.NaN)).append(" |\n");
    for (String[] peer : new String[][] {{"cpython", "CPython asyncio (`gather`, the published program)"}, {"uvloop", "uvloop, same program"}}) {
      md.append("| ").append(peer[1]).append(" | ").append(sleeper(s + peer[0], base)).append(" | |\n");
    }
    md.append("\n");
  }

  private String sleeper(String key, double baseMb) {
    if (f.has(key + ".failed")) {
      return "failed (" + f.str(key + ".error", "see the run's log") + ")";
    }
    if (!f.has(key + ".peakRssMB")) {
      return f.str(key + ".skipped", "not measured");
    }
    double mb = f.num(key + ".peakRssMB");
    String out = fmt(mb) + " MB / " + fmt(f.num(key + ".wallSeconds")) + " s";
    return Double.isNaN(baseMb) ? out : out + " (" + ratio(mb / baseMb) + ")";
  }

  private void compile() {
    String c = "compile.";
    md.append("### (6) Compile time and size, ").append(fmt(f.num(c + "methods"))).append(" methods (")
        .append(f.str(c + "runs", "?")).append(" run(s) of javac 17, ").append(f.str(c + "kotlinRuns", "?"))
        .append(" of kotlinc; each compilation its own process)\n\n")
        .append("| compilation | wall s, median (min–max) | CPU s (user + sys), median (min–max) | ratio (wall / CPU) | output |\n")
        .append("| --- | --- | --- | --- | --- |\n");
    compileRow("javac + the yieldfrom processor, coroutine methods", c + "coroutines.seconds", c + "plain.seconds",
        "plain javac", classes(c + "coroutines.classes") + "; generated source " + Figures.mb(f.num(c + "generatedSource.bytes"))
            + " in " + Figures.count(f.num(c + "generatedSource.files")) + " files for " + Figures.mb(f.num(c + "templates.bytes"))
            + " of templates (" + ratio(f.num(c + "generatedSource.bytes") / f.num(c + "templates.bytes")) + ")");
    compileRow("javac, the same methods written plainly", c + "plain.seconds", c + "plain.seconds", "plain javac",
        classes(c + "plain.classes") + " from " + Figures.mb(f.num(c + "plainSource.bytes")) + " of source");
    compileRow("javac without the processor: templates + generated sources (1 run)",
        c + "templatesAndGeneratedWithoutProcessor.seconds", c + "plain.seconds", "plain javac", "");
    if (f.has(c + "kotlinCoroutines.seconds.median")) {
      compileRow("kotlinc, `sequence {}` and suspend functions", c + "kotlinCoroutines.seconds", c + "kotlinPlain.seconds",
          "plain kotlinc", classes(c + "kotlinCoroutines.classes"));
      compileRow("kotlinc, the same functions written plainly", c + "kotlinPlain.seconds", c + "kotlinPlain.seconds",
          "plain kotlinc", classes(c + "kotlinPlain.classes"));
    } else {
      md.append("| kotlinc | ").append(f.str(c + "kotlin.skipped", "not measured")).append(" | | | |\n");
    }
    md.append("\n");
  }

  private String classes(String key) {
    return Figures.mb(f.num(key + ".bytes")) + " in " + Figures.count(f.num(key + ".files")) + " class files";
  }

  private void compileRow(String what, String key, String baseKey, String baseName, String output) {
    md.append("| ").append(what).append(" | ").append(f.spread(key, "", "n/a")).append(" | ")
        .append(f.spread(key + ".cpu", "", "n/a")).append(" | ")
        .append(ratio(f.med(key) / f.med(baseKey))).append(" / ").append(ratio(f.med(key + ".cpu") / f.med(baseKey + ".cpu")))
        .append(" of ").append(baseName).append(" | ").append(output).append(" |\n");
  }

  private void network() {
    md.append("### (7) Network servers on 127.0.0.1\n\n")
        .append("Each server is its own process taking the port as its last argument; one Java load generator\n")
        .append("(`NetLoad`, ").append(f.str("net.connections", "?")).append(" connections, one request in flight on each) warms it up for ")
        .append(fmt(f.num("net.warmupSeconds"))).append(" s, then measures ").append(fmt(f.num("net.seconds")))
        .append(" s. Server CPU is the server process's utime + stime (/proc/PID/stat) over the measured\n")
        .append("window, sampled each second; req/s and CPU per request are the median (min–max) of the per-second\n")
        .append("samples. Every JVM server runs with the same flags: `").append(f.str("net.jvmFlags", "(none)"))
        .append("`. The load generator shares the 2 cores with the server, so req/s is bounded by both;\n")
        .append("CPU per request is the server's own cost.\n\n");
    for (String[] workload : new String[][] {
      {"echo", "echo, " + f.str("net.echo.messageBytes", "?") + "-byte messages"},
      {"http", "HTTP/1.1 keep-alive `GET /` → `200`, `Content-Length`, `Hello, World!`"}}) {
      String k = "net." + workload[0] + ".";
      md.append("| ").append(workload[1]).append(" | req/s | server CPU µs per request | CPU ratio |\n| --- | --- | --- | --- |\n");
      for (String[] server : SERVERS) {
        String s = k + server[0] + ".";
        if (!f.has(s + "reqPerSecond.median")) {
          md.append("| ").append(server[1]).append(" | ").append(f.str(s + "skipped", "not measured")).append(" | | |\n");
          continue;
        }
        md.append("| ").append(server[1]).append(" | ").append(f.spread(s + "reqPerSecond", "", "n/a")).append(" | ")
            .append(f.spread(s + "cpuMicrosPerRequest", "", "n/a")).append(" | ")
            .append(ratio(f.med(s + "cpuMicrosPerRequest") / f.med(k + "selectorLoop.cpuMicrosPerRequest")))
            .append(" of the floor |\n");
      }
      md.append("\n");
    }
  }

  private void inlining() {
    md.append("### The driver's hot path under `-XX:+PrintInlining`\n\n")
        .append("`benchmarks/inlining.sh` runs the resume benchmark with `-XX:+UnlockDiagnosticVMOptions\n")
        .append("-XX:+PrintInlining` and keeps the distinct lines about the driver (`Gen`) and the generated `resume`,\n")
        .append("each with the number of times the JIT printed it.\n")
        .append("Verdict: ").append(f.str("inlining.verdict", "not checked")).append("\n\n```\n");
    for (int i = 0; f.has("inlining.lines") && i < f.num("inlining.lines"); i++) {
      md.append(f.str("inlining.line." + i, "")).append("\n");
    }
    md.append("```\n\n");
  }
}
