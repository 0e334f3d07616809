package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Figures.fmt;
import static dev.yieldfrom.bench.Figures.ratio;

/**
 * The targets table of the report: each target of the project's performance issues, the figure of
 * this run it is judged on, and met / missed / not measured. Ratios are of medians.
 */
final class ReportTargets {
  private final Figures f;
  private final StringBuilder md;

  ReportTargets(Figures figures, StringBuilder md) {
    this.f = figures;
    this.md = md;
  }

  /**
   * Said after every timed JMH figure when the machine was overloaded while JMH ran (load average
   * over twice the core count): the verdict stands as measured, the reader is told how far to trust it.
   */
  private String loadNote() {
    double load = Double.NaN;
    try {
      load = Double.parseDouble(f.str("load.jmh", "").split(" ")[0]);
    } catch (NumberFormatException e) {
      return "";
    }
    double cores = f.num("machine.nproc");
    return load > 2 * cores ? "; timed at load " + fmt(load) + " on " + Figures.count(cores) + " cores, see the notes" : "";
  }

  void write() {
    md.append("## Targets\n\n")
        .append("Judged on the medians of this run; \"not measured\" where a part was skipped or not built.\n\n")
        .append("| target | measured | |\n| --- | --- | --- |\n");
    compile();
    resume();
    loop();
    memory();
    network();
    md.append("\n");
  }

  private void compile() {
    double c = f.med("compile.coroutines.seconds");
    double p = f.med("compile.plain.seconds");
    double cc = f.med("compile.coroutines.seconds.cpu");
    double pc = f.med("compile.plain.seconds.cpu");
    String methods = Figures.count(f.num("compile.methods"));
    target("javac + processor ≤ 2x plain javac over " + methods + " methods (JDK 17, median of ≥ 5 runs)",
        ratio(c / p) + " wall (" + fmt(c) + " vs " + fmt(p) + " s), " + ratio(cc / pc) + " CPU ("
            + fmt(cc) + " vs " + fmt(pc) + " s), medians of " + Figures.count(f.num("compile.runs")),
        c / p <= 2 && cc / pc <= 2, f.num("compile.runs") >= 5 && f.num("compile.methods") >= 1000);
    double gen = f.num("compile.generatedSource.bytes");
    double tpl = f.num("compile.templates.bytes");
    target("generated source ≤ 3x the templates",
        ratio(gen / tpl) + " (" + Figures.mb(gen) + " for " + Figures.mb(tpl) + ")", gen / tpl <= 3, true);
    double cb = f.num("compile.coroutines.classes.bytes");
    double pb = f.num("compile.plain.classes.bytes");
    target("class bytes ≤ 4x those of the plain methods",
        ratio(cb / pb) + " (" + Figures.mb(cb) + " in " + Figures.count(f.num("compile.coroutines.classes.files"))
            + " class files, vs " + Figures.mb(pb) + " in " + Figures.count(f.num("compile.plain.classes.files")) + ")",
        cb / pb <= 4, true);
  }

  private void resume() {
    String j = "jmh.ResumeBench.";
    double gen = f.med(j + "generated");
    double hand = f.med(j + "handWritten");
    double kt = f.med(j + "kotlinSequence");
    double vt = f.med(j + "virtualThread");
    target("resume ≤ 1.3x a hand-written state machine on the same driver",
        ratio(gen / hand) + " (" + fmt(gen) + " vs " + fmt(hand) + " ns)" + loadNote(), gen / hand <= 1.3, true);
    target("resume ahead of Kotlin's `sequence {}` iterator",
        fmt(gen) + " vs " + fmt(kt) + " ns (" + ratio(kt / gen) + ")" + loadNote(), gen < kt, true);
    target("resume ≥ 100x faster than a fair virtual-thread generator",
        f.has(j + "virtualThread.median") ? ratio(vt / gen) + " (" + fmt(vt) + " vs " + fmt(gen) + " ns)" + loadNote()
            : f.str("jmh.virtualThreads", "skipped"),
        vt / gen >= 100, true);
    String inlined = f.str("inlining.verdict", null);
    target("the driver's hot path inlined (`-XX:+PrintInlining`, see below)",
        inlined == null ? "n/a: not checked" : inlined,
        inlined != null && inlined.startsWith("inlined"), true);
    double d1 = f.med("jmh.DepthBench.resume.depth1");
    double d1000 = f.med("jmh.DepthBench.resume.depth1000");
    target("O(1) at any delegation depth (depth 1000 within 2x of depth 1)",
        ratio(d1000 / d1) + " (" + fmt(d1000) + " vs " + fmt(d1) + " ns)" + loadNote(), d1000 / d1 <= 2, true);
  }

  private void loop() {
    double alloc = f.num("jmh.LoopBench.sleepZero.allocBytesPerOp");
    target("`sleep(0)` allocation-free (JMH gc profiler, one task switching)",
        fmt(alloc) + " B per `sleep(0)`", alloc < 1, true);
    double yf = f.med("jmh.LoopBench.taskSwitches");
    double py = f.med("cpython.taskSwitches.nsPerSwitch");
    double uv = f.med("uvloop.taskSwitches.nsPerSwitch");
    target("task switches ≥ 100x CPython asyncio",
        ratio(py / yf) + " (" + fmt(yf) + " vs " + fmt(py) + " ns per switch)" + loadNote(), py / yf >= 100, true);
    target("task switches ≥ 50x uvloop",
        f.has("uvloop.taskSwitches.nsPerSwitch.median")
            ? ratio(uv / yf) + " (" + fmt(yf) + " vs " + fmt(uv) + " ns per switch)" + loadNote()
            : f.str("uvloop.skipped", "skipped"),
        uv / yf >= 50, true);
  }

  private void memory() {
    boolean million = f.num("sleepers.n") >= 1e6;
    String n = fmt(f.num("sleepers.n")) + " tasks";
    double def = f.num("sleepers.yieldfrom.default.peakRssMB");
    double tuned = f.num("sleepers.yieldfrom.tuned.peakRssMB");
    double capped = f.num("sleepers.yieldfrom.tunedCapped.peakRssMB");
    target("1M sleeping tasks ≤ 200 MB peak RSS, default JVM flags", fmt(def) + " MB (" + n + ")",
        def <= 200, million);
    double best = Double.isNaN(capped) ? tuned : Math.min(tuned, capped);
    target("1M sleeping tasks ≤ 150 MB peak RSS, tuned flags",
        fmt(tuned) + " MB with the tuned flags, " + fmt(capped) + " MB adding a heap cap (" + n + ")",
        best <= 150, million);
    double heap = f.num("memory.sleepingTask.bytes");
    target("heap per sleeping task ≤ 80 B", fmt(heap) + " B", heap <= 80, true);
  }

  private void network() {
    for (String workload : new String[] {"echo", "http"}) {
      String k = "net." + workload + ".";
      double yf = f.med(k + "yieldfrom.cpuMicrosPerRequest");
      double uv = f.med(k + "uvloopStreams.cpuMicrosPerRequest");
      double floor = f.med(k + "selectorLoop.cpuMicrosPerRequest");
      String what = workload.equals("echo") ? "echo" : "HTTP hello";
      if (Double.isNaN(yf)) {
        target(what + ": streams server CPU per request ≤ uvloop streams and ≤ 1.2x the hand-written loop",
            "n/a: " + f.str(k + "yieldfrom.skipped", "not measured"), false, true);
        continue;
      }
      target(what + ": streams server CPU per request ≤ uvloop streams",
          fmt(yf) + " vs " + fmt(uv) + " µs", yf <= uv, true);
      target(what + ": streams server CPU per request ≤ 1.2x the hand-written Selector loop",
          ratio(yf / floor) + " (" + fmt(yf) + " vs " + fmt(floor) + " µs)", yf / floor <= 1.2, true);
      double proto = f.med(k + "yieldfromProtocol.cpuMicrosPerRequest");
      target(what + ": protocol server CPU per request ≤ 1.1x the hand-written Selector loop",
          ratio(proto / floor) + " (" + fmt(proto) + " vs " + fmt(floor) + " µs)", proto / floor <= 1.1, true);
    }
  }

  /**
   * One row: "not measured" where a figure is missing, "not judged" where this run was smaller
   * than the target is defined for (a quick run), else met or missed.
   */
  private void target(String what, String measured, boolean met, boolean fullSize) {
    String verdict = measured.contains("n/a") || measured.contains("skipped") ? "not measured"
        : !fullSize || !f.str("mode", "").equals("full") ? "not judged (a smaller run than the target's)"
        : met ? "**met**" : "**missed**";
    md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(verdict).append(" |\n");
  }
}
