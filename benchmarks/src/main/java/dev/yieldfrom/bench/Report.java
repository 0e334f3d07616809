package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Figures.fmt;
import static dev.yieldfrom.bench.Figures.ratio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes benchmarks/README.md and the chart from one run's results file (see run.sh). Every figure
 * and ratio in the report comes from that file; the text around them is fixed, and
 * benchmarks/analysis.md (written by hand, about causes) is appended as it is.
 *
 * <p>Usage: {@code Report RESULTS README CHART}
 */
public final class Report {
  private final Figures f;
  private final StringBuilder md = new StringBuilder();

  private Report(Figures figures) {
    this.f = figures;
  }

  public static void main(String[] args) throws IOException {
    Figures figures = new Figures(Results.read(Path.of(args[0])));
    Path readme = Path.of(args[1]);
    Path chart = Path.of(args[2]);
    Path analysis = readme.resolveSibling("analysis.md");
    String notes = Files.exists(analysis) ? Files.readString(analysis) : "";
    Files.writeString(readme, new Report(figures).markdown(chart.getFileName().toString(), notes));
    ImageIO.write(new ReportChart(figures).draw(), "png", chart.toFile());
  }

  private String markdown(String chartName, String notes) {
    md.append("# yieldfrom benchmarks\n\n")
        .append("Written by `benchmarks/run.sh` from the results of one run (").append(f.str("mode", "?"))
        .append(" mode, ").append(f.str("machine.date", "?")).append(", commit ").append(f.str("machine.commit", "?"))
        .append("); the raw figures are in [results.properties](results.properties). ")
        .append("Do not edit by hand: edit `Report.java` or `analysis.md` and re-run.\n\n");
    md.append("## Run it\n\n```\nbenchmarks/run.sh            # everything (about 30 minutes on 2 busy cores)\n")
        .append("QUICK=1 benchmarks/run.sh    # smoke test with tiny sizes\n```\n\n")
        .append("It builds the reactor with `-Pbench` (the `benchmarks` module is in no default build, so\n")
        .append("`mvn -B verify` neither builds nor runs it) into `benchmarks/target/benchmarks.jar`, then runs, each\n")
        .append("peer in its own process and all in this one run: the JMH benchmarks (1 fork each, the same\n")
        .append("`-Xms1g -Xmx1g` for every benchmark, JMH's gc profiler for bytes per operation), the heap probe,\n")
        .append("CPython asyncio and uvloop (`bench_asyncio.py`, `bench_net.py`), the million sleepers, the\n")
        .append("javac and kotlinc runs, and the network servers under one load generator; then writes this file\n")
        .append("and `").append(chartName).append("`. Needs Maven, JDK 17, JDK 21+ (`JDK25=...`) for the virtual-thread\n")
        .append("peers, python3 (`PYTHON=...`, default `/usr/bin/python3`) and its `uvloop` (Debian: `python3-uvloop`,\n")
        .append("installed by `run.sh` where it can); what is missing is reported as \"skipped\".\n\n");
    md.append("## Machine\n\n| | |\n| --- | --- |\n")
        .append("| cores (`nproc`) | ").append(f.str("machine.nproc", "?")).append(" |\n")
        .append("| memory | ").append(f.str("machine.memory", "?")).append(" |\n")
        .append("| CPU | ").append(f.str("machine.cpu", "?")).append(" |\n")
        .append("| OS | ").append(f.str("machine.os", "?")).append(" |\n")
        .append("| JDK (JMH, probes, sleepers, servers) | ").append(f.str("machine.jdk", "?")).append(" |\n")
        .append("| JDK 17 (JDK 17 figures, javac, kotlinc) | ").append(f.str("machine.jdk17", "?")).append(" |\n")
        .append("| Kotlin / kotlinx.coroutines / Netty | ").append(f.str("machine.kotlin", "?")).append(" |\n")
        .append("| CPython / uvloop | ").append(f.str("machine.python", "?")).append(" / ")
        .append(f.str("machine.uvloop", f.str("uvloop.skipped", "?"))).append(" |\n")
        .append("| load average (1, 5, 15 min) before / after | ").append(f.str("machine.loadBefore", "?"))
        .append(" / ").append(f.str("machine.loadAfter", "?")).append(" |\n");
    for (String section : f.str("load.sections", "").split(" ")) {
      if (!section.isEmpty()) {
        md.append("| load average at the start of ").append(section).append(" | ")
            .append(f.str("load." + section, "?")).append(" |\n");
      }
    }
    md.append("\nThe machine is shared with other builds, and the load average above (well over the core count\n")
        .append("when other work runs) is part of every figure: absolute times are inflated by it, and vary with it\n")
        .append("from one section to the next. Ratios are between figures of this same run; the spread (min–max of\n")
        .append("the iterations or repetitions) shows how much the load moved a figure.\n\n");
    md.append("![main comparisons](").append(chartName).append(")\n\n");
    new ReportTargets(f, md).write();
    results();
    new ReportRows(f, md).rest();
    if (!notes.isBlank()) {
      md.append("\n").append(notes.strip()).append("\n");
    }
    return md.toString();
  }

  private void row(String comparison, String what, String figure, String alloc, String vs) {
    md.append("| ").append(comparison).append(" | ").append(what).append(" | ").append(figure)
        .append(" | ").append(alloc).append(" | ").append(vs).append(" |\n");
  }

  /** A JMH row: median (min–max) of the iterations, bytes allocated per operation. */
  private void jmh(String comparison, String what, String key, String vs) {
    String alloc = f.has(key + ".allocBytesPerOp") ? fmt(f.num(key + ".allocBytesPerOp")) + " B" : "";
    String missing = key.contains("irtualThread") ? f.str("jmh.virtualThreads", "not measured") : "not measured";
    row(comparison, what, f.spread(key, " ns", missing), alloc, vs);
  }

  private String of(String key, String baseKey, String baseName) {
    return ratio(f.med(key) / f.med(baseKey)) + " of " + baseName;
  }

  private void results() {
    md.append("## Results\n\n")
        .append("Figures are the median of the JMH measurement iterations (or of the repetitions) with their\n")
        .append("min–max; \"B/op\" is JMH's gc profiler (`gc.alloc.rate.norm`). \"ratio\" is this row's median\n")
        .append("against the row named, from this run.\n\n")
        .append("| comparison | what | median (min–max) | B/op | ratio |\n| --- | --- | --- | --- | --- |\n");
    String j = "jmh.ResumeBench.";
    jmh("(1) resume round trip", "yieldfrom: generated state machine (`Templates.counter()`)", j + "generated",
        of(j + "generated", j + "handWritten", "hand-written"));
    jmh("", "hand-written state machine on the same driver (floor)", j + "handWritten", "1x");
    jmh("", "Kotlin `sequence {}` iterator `next()`", j + "kotlinSequence", of(j + "kotlinSequence", j + "generated", "yieldfrom"));
    jmh("", "generator on a virtual thread, driven from a virtual thread (one carrier, park/unpark)",
        j + "virtualThread", of(j + "virtualThread", j + "generated", "yieldfrom"));
    jmh("", "generator on a platform thread, driven from another (park/unpark)", j + "platformThread",
        of(j + "platformThread", j + "generated", "yieldfrom"));
    jmh("", "yieldfrom, `-Dyieldfrom.plainStackTraces=true`", j + "generatedPlainStackTraces",
        of(j + "generatedPlainStackTraces", j + "generated", "yieldfrom (stack traces on)"));
    if (f.has("jmh17.ResumeBench.generated")) {
      row("", "JDK 17: yieldfrom / hand-written / platform thread",
          fmt(f.med("jmh17.ResumeBench.generated")) + " / " + fmt(f.med("jmh17.ResumeBench.handWritten")) + " / "
              + fmt(f.med("jmh17.ResumeBench.platformThread")) + " ns", "",
          of("jmh17.ResumeBench.generated", "jmh17.ResumeBench.handWritten", "hand-written"));
    }
    String d = "jmh.DepthBench.";
    String[][] depthRows = {
      {"resume", "yieldfrom, `yieldFrom` chain"},
      {"kotlinYieldAll", "Kotlin, nested sequences (`yieldAll`)"},
      {"kotlinSuspendCalls", "Kotlin, nested suspend calls in one sequence"}};
    boolean first = true;
    for (String[] kind : depthRows) {
      for (String depth : new String[] {"1", "10", "1000"}) {
        String k = d + kind[0] + ".depth" + depth;
        jmh(first ? "(2) resume at the bottom of a delegation chain" : "", kind[1] + ", depth " + depth, k,
            depth.equals("1") ? of(k, d + "resume.depth1", "yieldfrom depth 1") : of(k, d + kind[0] + ".depth1", "depth 1"));
        first = false;
      }
    }
    if (f.has("jmh17.DepthBench.resume.depth1")) {
      row("", "JDK 17: yieldfrom depth 1 / 1000", fmt(f.med("jmh17.DepthBench.resume.depth1")) + " / "
          + fmt(f.med("jmh17.DepthBench.resume.depth1000")) + " ns", "",
          of("jmh17.DepthBench.resume.depth1000", "jmh17.DepthBench.resume.depth1", "depth 1"));
    }
    String c = "jmh.CreateBench.";
    jmh("(3) creation", "create a generated coroutine", c + "createGenerated", "");
    jmh("", "create + run to its end, generated", c + "createAndFinishGenerated",
        of(c + "createAndFinishGenerated", c + "createAndFinishHandWritten", "hand-written"));
    jmh("", "create + run to its end, hand-written", c + "createAndFinishHandWritten", "1x");
    jmh("", "start + join a virtual thread doing the same", c + "createAndFinishVirtualThread",
        of(c + "createAndFinishVirtualThread", c + "createAndFinishGenerated", "generated"));
    String m = "memory.";
    double task = f.num(m + "sleepingTask.bytes");
    row("(3) retained heap, " + fmt(f.num("memory.n")) + " at once", "yieldfrom: suspended generated coroutine",
        fmt(f.num(m + "generatedSuspended.bytes")) + " B", "", "+" + fmt(f.num(m + "generatedSuspended.bytes")
            - f.num(m + "plainObjectWithLocals.bytes")) + " B over its locals");
    row("", "its lifted locals as a plain object (`{int i}`)", fmt(f.num(m + "plainObjectWithLocals.bytes")) + " B", "", "");
    row("", "suspended hand-written coroutine", fmt(f.num(m + "handWrittenSuspended.bytes")) + " B", "", "");
    row("", "Kotlin: suspended `sequence {}` iterator", fmt(f.num(m + "kotlinSequenceSuspended.bytes")) + " B", "",
        ratio(f.num(m + "kotlinSequenceSuspended.bytes") / f.num(m + "generatedSuspended.bytes")) + " of yieldfrom");
    row("", "yieldfrom: sleeping task (task + coroutine + timer entry, all the loop keeps)", fmt(task) + " B", "", "1x");
    row("", "Kotlin: coroutine in `delay()` on `runBlocking` (job + continuation + delay queue entry)",
        fmt(f.num(m + "kotlinSleepingJob.bytes")) + " B", "", ratio(f.num(m + "kotlinSleepingJob.bytes") / task) + " of yieldfrom");
    String vt = f.str(m + "sleepingVirtualThread.bytes", "n/a");
    row("", "virtual thread in `Thread.sleep` (heap only: thread + stack chunk)",
        f.has(m + "sleepingVirtualThread.bytes") ? fmt(f.num(m + "sleepingVirtualThread.bytes")) + " B" : vt, "",
        f.has(m + "sleepingVirtualThread.bytes") ? ratio(f.num(m + "sleepingVirtualThread.bytes") / task) + " of yieldfrom" : "");
    if (f.has("memory17.generatedSuspended.bytes")) {
      row("", "JDK 17: suspended coroutine / locals / sleeping task",
          fmt(f.num("memory17.generatedSuspended.bytes")) + " / " + fmt(f.num("memory17.plainObjectWithLocals.bytes"))
              + " / " + fmt(f.num("memory17.sleepingTask.bytes")) + " B", "", "");
    }
    String l = "jmh.LoopBench.";
    double yf = f.med(l + "taskSwitches");
    String program = LoopBench.TASKS + " tasks x " + LoopBench.SWITCHES + " switches, ns per switch";
    jmh("(4) event loop: task switches", "yieldfrom, " + program + " (`sleep(0)`)", l + "taskSwitches",
        fmt(1e3 / yf) + " M/s; 1x");
    jmh("", "yieldfrom, one task x " + LoopBench.TASKS * LoopBench.SWITCHES + " `sleep(0)`", l + "sleepZero",
        fmt(1e3 / f.med(l + "sleepZero")) + " M/s");
    jmh("", "Kotlin `runBlocking`, same program (`yield()`)", l + "kotlinTaskSwitches", of(l + "kotlinTaskSwitches", l + "taskSwitches", "yieldfrom"));
    row("", "CPython asyncio, same program", f.spread("cpython.taskSwitches.nsPerSwitch", " ns", "n/a"), "",
        of("cpython.taskSwitches.nsPerSwitch", l + "taskSwitches", "yieldfrom"));
    row("", "uvloop, same program", f.spread("uvloop.taskSwitches.nsPerSwitch", " ns", f.str("uvloop.skipped", "skipped")), "",
        f.has("uvloop.taskSwitches.nsPerSwitch.median") ? of("uvloop.taskSwitches.nsPerSwitch", l + "taskSwitches", "yieldfrom") : "");
    String timers = "schedule + fire " + fmt(f.num("timers.n")) + " timers, ms";
    row("(4) event loop: timers", "yieldfrom `callLater`, " + timers, f.spread(l + "timers", " ms", "n/a"),
        f.has(l + "timers.allocBytesPerOp") ? fmt(f.num(l + "timers.allocBytesPerOp") / f.num("timers.n")) + " B per timer" : "", "1x");
    row("", "CPython asyncio `call_later`, same program", f.spread("cpython.timers.ms", " ms", "n/a"), "",
        of("cpython.timers.ms", l + "timers", "yieldfrom"));
    row("", "uvloop `call_later`, same program", f.spread("uvloop.timers.ms", " ms", f.str("uvloop.skipped", "skipped")), "",
        f.has("uvloop.timers.ms.median") ? of("uvloop.timers.ms", l + "timers", "yieldfrom") : "");
    String t = "jmh.StackTraceBench.";
    jmh("async stack traces", "exception through a yieldFrom chain of depth 10, rewritten", t + "rewritten",
        of(t + "rewritten", t + "plain", "plain"));
    jmh("", "same, `-Dyieldfrom.plainStackTraces=true`", t + "plain", "1x");
    md.append("\n");
  }
}
