package dev.yieldfrom.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes benchmarks/README.md and the chart from one run's results file (see run.sh). Every figure
 * and ratio in the report comes from that file; the text around them is fixed, and
 * benchmarks/analysis.md (written by hand, about causes) is appended as it is.
 *
 * <p>Usage: {@code Report RESULTS README CHART}
 */
public final class Report {
  private final Map<String, String> r;
  private final StringBuilder md = new StringBuilder();

  private Report(Map<String, String> results) {
    this.r = results;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> results = Results.read(Path.of(args[0]));
    Path readme = Path.of(args[1]);
    Path chart = Path.of(args[2]);
    Report report = new Report(results);
    Path analysis = readme.resolveSibling("analysis.md");
    String notes = Files.exists(analysis) ? Files.readString(analysis) : "";
    Files.writeString(readme, report.markdown(chart.getFileName().toString(), notes));
    ImageIO.write(report.chart(), "png", chart.toFile());
  }

  // ---------------------------------------------------------------- values

  private double num(String key) {
    String v = r.get(key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private String str(String key, String orElse) {
    return r.getOrDefault(key, orElse);
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1e7) {
      return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e+", "e");
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String ratio(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    return (v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v)) + "x";
  }

  private String pm(String key) {
    double e = num(key + ".error");
    return Double.isNaN(e) ? "" : " ± " + fmt(e);
  }

  private boolean vt() {
    return !Double.isNaN(num("jmh.ResumeBench.virtualThread"));
  }

  // ---------------------------------------------------------------- the report

  private String markdown(String chartName, String notes) {
    md.append("# yieldfrom benchmarks\n\n");
    md.append("Written by `benchmarks/run.sh` from the results of one run (")
        .append(str("mode", "?"))
        .append(" mode, ")
        .append(str("machine.date", "?"))
        .append(", commit ")
        .append(str("machine.commit", "?"))
        .append("); the raw figures are in [results.properties](results.properties). ")
        .append("Do not edit by hand: edit `Report.java` or `analysis.md` and re-run.\n\n");
    md.append("## Run it\n\n```\nbenchmarks/run.sh            # everything, about 15 minutes on 2 cores\n")
        .append("QUICK=1 benchmarks/run.sh    # smoke test with tiny sizes\n```\n\n")
        .append("It builds the reactor with `-Pbench` (the `benchmarks` module is in no default build, so\n")
        .append("`mvn -B verify` neither builds nor runs it) into `benchmarks/target/benchmarks.jar` (JMH 1.37\n")
        .append("uber-jar, the yieldfrom processor and JMH's both run at compile time), runs the JMH benchmarks\n")
        .append("(1 fork, 4 x 1 s warm-up, 5 x 1 s measurement), the heap probe, the CPython script\n")
        .append("`bench_asyncio.py` in its own processes, the million sleepers (yieldfrom, virtual threads,\n")
        .append("CPython, each its own process), and the javac runs, then writes this file and `")
        .append(chartName)
        .append("`.\nNeeds: Maven, JDK 17, python3; JDK 25 (`JDK25=...`, default Temurin's path) for the\n")
        .append("virtual-thread parts, which report \"skipped\" without it.\n\n");

    md.append("## Machine\n\n| | |\n| --- | --- |\n")
        .append("| cores (`nproc`) | ").append(str("machine.nproc", "?")).append(" |\n")
        .append("| memory | ").append(str("machine.memory", "?")).append(" |\n")
        .append("| CPU | ").append(str("machine.cpu", "?")).append(" |\n")
        .append("| OS | ").append(str("machine.os", "?")).append(" |\n")
        .append("| JDK (JMH, probes, sleepers) | ").append(str("machine.jdk", "?")).append(" |\n")
        .append("| JDK 17 (JDK 17 figures, javac) | ").append(str("machine.jdk17", "?")).append(" |\n")
        .append("| CPython | ").append(str("machine.python", "?")).append(" |\n")
        .append("| load average before / after (1, 5, 15 min) | ")
        .append(str("machine.loadBefore", "?")).append(" / ").append(str("machine.loadAfter", "?"))
        .append(" |\n\n")
        .append("The machine is shared with other builds: the load average above is part of every figure.\n")
        .append("Ratios are between figures of this same run.\n\n");

    md.append("![main comparisons](").append(chartName).append(")\n\n");
    targets();
    results();
    if (!notes.isBlank()) {
      md.append("\n").append(notes.strip()).append("\n");
    }
    return md.toString();
  }

  private void targets() {
    md.append("## Targets\n\n| target | measured | |\n| --- | --- | --- |\n");
    double gen = num("jmh.ResumeBench.generated");
    double hand = num("jmh.ResumeBench.handWritten");
    double virt = num("jmh.ResumeBench.virtualThread");
    target("resume round trip within 1.5x of the hand-written state machine",
        ratio(gen / hand) + " (" + fmt(gen) + " vs " + fmt(hand) + " ns)", gen / hand <= 1.5);
    if (vt()) {
      target("resume round trip at least 50x faster than a generator on a virtual thread",
          ratio(virt / gen) + " faster (" + fmt(virt) + " vs " + fmt(gen) + " ns)", virt / gen >= 50);
    } else {
      md.append("| resume round trip at least 50x faster than a generator on a virtual thread | ")
          .append(str("jmh.virtualThreads", "skipped")).append(" | skipped |\n");
    }
    double d1 = num("jmh.DepthBench.resume.depth1");
    double d1000 = num("jmh.DepthBench.resume.depth1000");
    target("resume at depth 1000 within 2x of depth 1",
        ratio(d1000 / d1) + " (" + fmt(d1000) + " vs " + fmt(d1) + " ns)", d1000 / d1 <= 2);
    double over = num("memory.generatedSuspended.bytes") - num("memory.plainObjectWithLocals.bytes");
    target("at most 100 bytes of heap per suspended coroutine beyond its lifted locals",
        fmt(over) + " bytes (" + fmt(num("memory.generatedSuspended.bytes")) + " per coroutine - "
            + fmt(num("memory.plainObjectWithLocals.bytes")) + " for its locals as a plain object)",
        over <= 100);
    double rss = num("sleepers.yieldfrom.peakRssMB");
    target("one million sleeping tasks under 150 MB for the whole process",
        fmt(rss) + " MB peak RSS (" + fmt(num("sleepers.n")) + " tasks)",
        rss < 150 && num("sleepers.n") >= 1e6);
    double sw = switchesPerSecond();
    double py = num("cpython.taskSwitches.perSecond");
    target("loop task switches at least 30x CPython asyncio's",
        ratio(sw / py) + " (" + fmt(sw) + " vs " + fmt(py) + " per s)", sw / py >= 30);
    double c = num("compile.coroutines.seconds");
    double p = num("compile.plain.seconds");
    target("processor compile-time overhead at most 2x plain javac (1,000 methods)",
        ratio(c / p) + " (" + fmt(c) + " vs " + fmt(p) + " s, medians of " + str("compile.runs", "?") + ")",
        c / p <= 2);
    md.append("\n");
  }

  private void target(String what, String measured, boolean met) {
    md.append("| ").append(what).append(" | ").append(measured).append(" | ")
        .append(met ? "**met**" : "**missed**").append(" |\n");
  }

  private double switchesPerSecond() {
    double ms = num("jmh.LoopBench.taskSwitches");
    return LoopBench.TASKS * (double) LoopBench.SWITCHES / (ms / 1e3);
  }

  private void row(String comparison, String what, String figure, String vs) {
    md.append("| ").append(comparison).append(" | ").append(what).append(" | ").append(figure)
        .append(" | ").append(vs).append(" |\n");
  }

  private void results() {
    md.append("## Results\n\n")
        .append("JMH figures are the mean ± the 99.9% error JMH reports. \"ratio\" is always this row's\n")
        .append("figure against the row named, from this run.\n\n")
        .append("| comparison | what | figure | ratio |\n| --- | --- | --- | --- |\n");
    String j = "jmh.ResumeBench.";
    double gen = num(j + "generated");
    double hand = num(j + "handWritten");
    row("(1) resume round trip", "generated state machine (`Templates.counter()`)",
        fmt(gen) + pm(j + "generated") + " ns", ratio(gen / hand) + " of hand-written");
    row("", "hand-written state machine on the same driver (floor)",
        fmt(hand) + pm(j + "handWritten") + " ns", "1x");
    row("", "generator on a platform thread, SynchronousQueue hand-off",
        fmt(num(j + "platformThread")) + pm(j + "platformThread") + " ns",
        ratio(num(j + "platformThread") / gen) + " of generated");
    row("", "generator on a virtual thread, SynchronousQueue hand-off",
        vt() ? fmt(num(j + "virtualThread")) + pm(j + "virtualThread") + " ns" : str("jmh.virtualThreads", "skipped"),
        vt() ? ratio(num(j + "virtualThread") / gen) + " of generated" : "");
    row("", "generated, `-Dyieldfrom.plainStackTraces=true`",
        fmt(num(j + "generatedPlainStackTraces")) + pm(j + "generatedPlainStackTraces") + " ns",
        ratio(num(j + "generatedPlainStackTraces") / gen) + " of generated (stack traces on)");
    if (!Double.isNaN(num("jmh17.ResumeBench.generated"))) {
      double g17 = num("jmh17.ResumeBench.generated");
      double h17 = num("jmh17.ResumeBench.handWritten");
      row("", "JDK 17: generated / hand-written / platform thread",
          fmt(g17) + " / " + fmt(h17) + " / " + fmt(num("jmh17.ResumeBench.platformThread")) + " ns",
          ratio(g17 / h17) + " of hand-written");
    }
    double d1 = num("jmh.DepthBench.resume.depth1");
    for (String depth : new String[] {"1", "10", "100", "1000"}) {
      String k = "jmh.DepthBench.resume.depth" + depth;
      row(depth.equals("1") ? "(2) resume under a yieldFrom chain" : "", "depth " + depth,
          fmt(num(k)) + pm(k) + " ns", ratio(num(k) / d1) + " of depth 1");
    }
    if (!Double.isNaN(num("jmh17.DepthBench.resume.depth1"))) {
      row("", "JDK 17: depth 1 / 1000",
          fmt(num("jmh17.DepthBench.resume.depth1")) + " / " + fmt(num("jmh17.DepthBench.resume.depth1000")) + " ns",
          ratio(num("jmh17.DepthBench.resume.depth1000") / num("jmh17.DepthBench.resume.depth1")) + " of depth 1");
    }
    String c = "jmh.CreateBench.";
    double cf = num(c + "createAndFinishGenerated");
    row("(3) creation", "create a generated coroutine", fmt(num(c + "createGenerated")) + pm(c + "createGenerated") + " ns", "");
    row("", "create + run to its end, generated", fmt(cf) + pm(c + "createAndFinishGenerated") + " ns",
        ratio(cf / num(c + "createAndFinishHandWritten")) + " of hand-written");
    row("", "create + run to its end, hand-written",
        fmt(num(c + "createAndFinishHandWritten")) + pm(c + "createAndFinishHandWritten") + " ns", "1x");
    row("", "start + join a virtual thread doing the same",
        vt() ? fmt(num(c + "createAndFinishVirtualThread")) + pm(c + "createAndFinishVirtualThread") + " ns" : "skipped",
        vt() ? ratio(num(c + "createAndFinishVirtualThread") / cf) + " of generated" : "");
    double plain = num("memory.plainObjectWithLocals.bytes");
    double susp = num("memory.generatedSuspended.bytes");
    row("(3) retained heap, 1M at once", "suspended generated coroutine", fmt(susp) + " B",
        "+" + fmt(susp - plain) + " B over its locals");
    row("", "its lifted locals as a plain object (`{int i}`)", fmt(plain) + " B", "");
    row("", "suspended hand-written coroutine", fmt(num("memory.handWrittenSuspended.bytes")) + " B", "");
    row("", "sleeping task on a loop: task + coroutine + timer entry, all the loop keeps",
        fmt(num("memory.sleepingTask.bytes")) + " B", "");
    String vtMem = str("memory.sleepingVirtualThread.bytes", "n/a");
    row("", "sleeping virtual thread (heap only: thread + stack chunk)",
        Double.isNaN(num("memory.sleepingVirtualThread.bytes")) ? vtMem : fmt(num("memory.sleepingVirtualThread.bytes")) + " B",
        Double.isNaN(num("memory.sleepingVirtualThread.bytes")) ? "" : ratio(num("memory.sleepingVirtualThread.bytes") / num("memory.sleepingTask.bytes")) + " of a sleeping task");
    if (!Double.isNaN(num("memory17.generatedSuspended.bytes"))) {
      row("", "JDK 17: suspended coroutine / locals / sleeping task",
          fmt(num("memory17.generatedSuspended.bytes")) + " / " + fmt(num("memory17.plainObjectWithLocals.bytes"))
              + " / " + fmt(num("memory17.sleepingTask.bytes")) + " B", "");
    }
    double sw = switchesPerSecond();
    double py = num("cpython.taskSwitches.perSecond");
    row("(4) event loop", "task switches per second, " + LoopBench.TASKS + " tasks x " + LoopBench.SWITCHES + " `sleep(0)`",
        fmt(sw) + " /s (" + fmt(num("jmh.LoopBench.taskSwitches")) + pm("jmh.LoopBench.taskSwitches") + " ms per run)",
        ratio(sw / py) + " of CPython");
    row("", "CPython asyncio, same program", fmt(py) + " /s (" + fmt(num("cpython.taskSwitches.ms")) + " ms per run, median)", "1x");
    double tm = num("jmh.LoopBench.timers");
    double tpy = num("cpython.timers.ms");
    row("", "schedule + fire " + fmt(num("timers.n")) + " timers (`callLater`)",
        fmt(tm) + pm("jmh.LoopBench.timers") + " ms", ratio(tpy / tm) + " faster than CPython");
    row("", "CPython asyncio, same program (`call_later`)", fmt(tpy) + " ms", "1x");
    String s = "sleepers.";
    double yrss = num(s + "yieldfrom.peakRssMB");
    String n = fmt(num(s + "n"));
    String desc = n + " tasks x " + str(s + "seconds", "?") + " s sleep";
    row("(5) " + desc, "yieldfrom, one loop, small-footprint flags: peak RSS / wall",
        fmt(yrss) + " MB / " + fmt(num(s + "yieldfrom.wallSeconds")) + " s", "1x");
    row("", "yieldfrom, default JVM flags", fmt(num(s + "yieldfromDefaultFlags.peakRssMB")) + " MB / "
        + fmt(num(s + "yieldfromDefaultFlags.wallSeconds")) + " s", ratio(num(s + "yieldfromDefaultFlags.peakRssMB") / yrss) + " the memory");
    boolean v = !Double.isNaN(num(s + "virtual.peakRssMB"));
    row("", "JDK virtual threads (`Thread.sleep`, joined), same flags",
        v ? fmt(num(s + "virtual.peakRssMB")) + " MB / " + fmt(num(s + "virtual.wallSeconds")) + " s" : str(s + "virtual.skipped", "skipped"),
        v ? ratio(num(s + "virtual.peakRssMB") / yrss) + " the memory" : "");
    row("", "JDK virtual threads, default JVM flags",
        v ? fmt(num(s + "virtualDefaultFlags.peakRssMB")) + " MB / " + fmt(num(s + "virtualDefaultFlags.wallSeconds")) + " s" : "skipped",
        v ? ratio(num(s + "virtualDefaultFlags.peakRssMB") / yrss) + " the memory" : "");
    row("", "CPython asyncio (`gather`, the published program)",
        fmt(num(s + "cpython.peakRssMB")) + " MB / " + fmt(num(s + "cpython.wallSeconds")) + " s",
        ratio(num(s + "cpython.peakRssMB") / yrss) + " the memory");
    row("", "small-footprint flags (all JVM rows but \"default\")", "`" + str(s + "leanFlags", "") + "`",
        "yieldfrom adds `" + str(s + "yieldfromHeap", "") + "`");
    row("", "the JVM floor: yieldfrom, 1 task, same flags, `-Xmx16m`",
        fmt(num(s + "jvmFloor.peakRssMB")) + " MB", "");
    double cc = num("compile.coroutines.seconds");
    double cp = num("compile.plain.seconds");
    row("(6) javac, " + fmt(num("compile.methods")) + " methods", "coroutines, with the processor",
        fmt(cc) + " s", ratio(cc / cp) + " of plain");
    row("", "plain methods, same bodies", fmt(cp) + " s", "1x");
    row("", "the templates + the generated sources, without the processor",
        fmt(num("compile.templatesAndGeneratedWithoutProcessor.seconds")) + " s",
        ratio(num("compile.templatesAndGeneratedWithoutProcessor.seconds") / cp) + " of plain");
    String t = "jmh.StackTraceBench.";
    row("async stack traces", "exception through a yieldFrom chain of depth 10, rewritten",
        fmt(num(t + "rewritten")) + pm(t + "rewritten") + " ns", ratio(num(t + "rewritten") / num(t + "plain")) + " of plain");
    row("", "same, `-Dyieldfrom.plainStackTraces=true`", fmt(num(t + "plain")) + pm(t + "plain") + " ns", "1x");
  }

  // ---------------------------------------------------------------- the chart

  private record Bar(String label, double value, Color color) {}

  private static final Color YF = new Color(0x2b6cb0);
  private static final Color FLOOR = new Color(0x68d391);
  private static final Color OTHER = new Color(0xa0aec0);
  private static final Color PY = new Color(0xed8936);

  private BufferedImage chart() {
    int w = 1200;
    int h = 900;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString("yieldfrom vs alternatives (" + str("machine.nproc", "?") + " cores, " + str("machine.jdk", "") + ", one run)", 20, 28);

    String j = "jmh.ResumeBench.";
    List<Bar> resume = new ArrayList<>();
    resume.add(new Bar("yieldfrom generated", num(j + "generated"), YF));
    resume.add(new Bar("hand-written (floor)", num(j + "handWritten"), FLOOR));
    resume.add(new Bar("platform thread", num(j + "platformThread"), OTHER));
    if (vt()) {
      resume.add(new Bar("virtual thread", num(j + "virtualThread"), OTHER));
    }
    panel(g, 20, 50, 570, 260, "(1) resume round trip, ns (log scale, lower is better)", resume, true, " ns");

    List<Bar> depth = new ArrayList<>();
    for (String d : new String[] {"1", "10", "100", "1000"}) {
      depth.add(new Bar("depth " + d, num("jmh.DepthBench.resume.depth" + d), YF));
    }
    panel(g, 610, 50, 570, 260, "(2) resume under a yieldFrom chain, ns (lower is better)", depth, false, " ns");

    List<Bar> switches = List.of(
        new Bar("yieldfrom", switchesPerSecond() / 1e6, YF),
        new Bar("CPython asyncio", num("cpython.taskSwitches.perSecond") / 1e6, PY));
    panel(g, 20, 330, 570, 260, "(4) task switches, millions per second (higher is better)", switches, false, " M/s");

    List<Bar> timers = List.of(
        new Bar("yieldfrom", num("jmh.LoopBench.timers"), YF),
        new Bar("CPython asyncio", num("cpython.timers.ms"), PY));
    panel(g, 610, 330, 570, 260, "(4) schedule + fire " + fmt(num("timers.n")) + " timers, ms (lower is better)", timers, true, " ms");

    String s = "sleepers.";
    List<Bar> sleepers = new ArrayList<>();
    sleepers.add(new Bar("yieldfrom", num(s + "yieldfrom.peakRssMB"), YF));
    if (!Double.isNaN(num(s + "virtualDefaultFlags.peakRssMB"))) {
      // Their better figure: default flags (the small-footprint ones suit them worse).
      sleepers.add(new Bar("virtual threads", num(s + "virtualDefaultFlags.peakRssMB"), OTHER));
    }
    sleepers.add(new Bar("CPython asyncio", num(s + "cpython.peakRssMB"), PY));
    panel(g, 20, 610, 570, 260, "(5) " + fmt(num(s + "n")) + " sleeping tasks, peak RSS MB (lower is better)", sleepers, false, " MB");

    List<Bar> compile = List.of(
        new Bar("javac + processor", num("compile.coroutines.seconds"), YF),
        new Bar("javac, plain methods", num("compile.plain.seconds"), OTHER));
    panel(g, 610, 610, 570, 260, "(6) javac, " + fmt(num("compile.methods")) + " methods, s (lower is better)", compile, false, " s");
    g.dispose();
    return image;
  }

  private static void panel(Graphics2D g, int x, int y, int w, int h, String title, List<Bar> bars, boolean log, String unit) {
    g.setColor(new Color(0xf7fafc));
    g.fillRect(x, y, w, h);
    g.setColor(new Color(0xcbd5e0));
    g.drawRect(x, y, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, x + 10, y + 22);
    double max = 0;
    double min = Double.MAX_VALUE;
    for (Bar b : bars) {
      if (!Double.isNaN(b.value()) && b.value() > 0) {
        max = Math.max(max, b.value());
        min = Math.min(min, b.value());
      }
    }
    if (max == 0) {
      return;
    }
    int labelW = 170;
    int barX = x + labelW;
    int barMaxW = w - labelW - 110;
    int top = y + 40;
    int slot = (h - 50) / Math.max(bars.size(), 1);
    int barH = Math.min(36, slot - 10);
    double lo = log ? Math.pow(10, Math.floor(Math.log10(min)) ) : 0;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int by = top + i * slot;
      g.setColor(Color.BLACK);
      g.drawString(b.label(), x + 10, by + barH / 2 + 5);
      if (Double.isNaN(b.value())) {
        g.drawString("n/a", barX + 4, by + barH / 2 + 5);
        continue;
      }
      double frac = log
          ? (Math.log10(b.value()) - Math.log10(lo)) / (Math.log10(max) - Math.log10(lo))
          : b.value() / max;
      int bw = Math.max(2, (int) Math.round(frac * barMaxW));
      g.setColor(b.color());
      g.fillRect(barX, by, bw, barH);
      g.setColor(Color.BLACK);
      g.drawString(fmt(b.value()) + unit, barX + bw + 6, by + barH / 2 + 5);
    }
    g.setStroke(new BasicStroke(1));
    g.setColor(new Color(0x718096));
    g.drawLine(barX, top - 4, barX, top + bars.size() * slot - 6);
  }
}
