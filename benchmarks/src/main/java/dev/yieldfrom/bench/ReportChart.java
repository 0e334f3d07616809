package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Figures.fmt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The report's chart: six panels of medians from the same results as the tables. */
final class ReportChart {
  private record Bar(String label, double value, Color color) {}

  private static final Color YF = new Color(0x2b6cb0);
  private static final Color FLOOR = new Color(0x68d391);
  private static final Color JVM = new Color(0xa0aec0);
  private static final Color KOTLIN = new Color(0x9f7aea);
  private static final Color PY = new Color(0xed8936);

  private final Figures f;

  ReportChart(Figures figures) {
    this.f = figures;
  }

  BufferedImage draw() {
    int w = 1200;
    int h = 940;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString("yieldfrom and its peers: medians of one run (" + f.str("machine.nproc", "?") + " shared cores, load "
        + f.str("machine.loadBefore", "?").split(" ")[0] + " at the start)", 20, 28);

    String j = "jmh.ResumeBench.";
    panel(g, 20, 50, "(1) resume round trip, ns (log scale, lower is better)", true, " ns", List.of(
        new Bar("yieldfrom", f.med(j + "generated"), YF),
        new Bar("hand-written (floor)", f.med(j + "handWritten"), FLOOR),
        new Bar("Kotlin sequence {}", f.med(j + "kotlinSequence"), KOTLIN),
        new Bar("virtual thread (fair)", f.med(j + "virtualThread"), JVM),
        new Bar("platform thread", f.med(j + "platformThread"), JVM)));

    String d = "jmh.DepthBench.";
    panel(g, 610, 50, "(2) resume at depth 1 / 1000, ns (log scale, lower is better)", true, " ns", List.of(
        new Bar("yieldfrom, depth 1", f.med(d + "resume.depth1"), YF),
        new Bar("yieldfrom, depth 1000", f.med(d + "resume.depth1000"), YF),
        new Bar("Kotlin yieldAll, 1", f.med(d + "kotlinYieldAll.depth1"), KOTLIN),
        new Bar("Kotlin yieldAll, 1000", f.med(d + "kotlinYieldAll.depth1000"), KOTLIN),
        new Bar("Kotlin suspend, 1", f.med(d + "kotlinSuspendCalls.depth1"), KOTLIN),
        new Bar("Kotlin suspend, 1000", f.med(d + "kotlinSuspendCalls.depth1000"), KOTLIN)));

    panel(g, 20, 345, "(4) task switches, millions per second (log scale, higher is better)", true, " M/s", List.of(
        new Bar("yieldfrom", 1e3 / f.med("jmh.LoopBench.taskSwitches"), YF),
        new Bar("Kotlin runBlocking", 1e3 / f.med("jmh.LoopBench.kotlinTaskSwitches"), KOTLIN),
        new Bar("uvloop", 1e3 / f.med("uvloop.taskSwitches.nsPerSwitch"), PY),
        new Bar("CPython asyncio", 1e3 / f.med("cpython.taskSwitches.nsPerSwitch"), PY)));

    String s = "sleepers.";
    panel(g, 610, 345, "(5) " + fmt(f.num(s + "n")) + " sleeping tasks, peak RSS MB, default flags (lower is better)", false, " MB", List.of(
        new Bar("yieldfrom", f.num(s + "yieldfrom.default.peakRssMB"), YF),
        new Bar("yieldfrom, tuned", f.num(s + "yieldfrom.tuned.peakRssMB"), YF),
        new Bar("Kotlin coroutines", f.num(s + "kotlin.default.peakRssMB"), KOTLIN),
        new Bar("virtual threads", f.num(s + "virtual.default.peakRssMB"), JVM),
        new Bar("CPython asyncio", f.num(s + "cpython.peakRssMB"), PY),
        new Bar("uvloop", f.num(s + "uvloop.peakRssMB"), PY)));

    String c = "compile.";
    panel(g, 20, 640, "(6) compile time over plain code, " + fmt(f.num(c + "methods")) + " methods (x, lower is better)", false, "x", List.of(
        new Bar("javac + yieldfrom, wall", f.med(c + "coroutines.seconds") / f.med(c + "plain.seconds"), YF),
        new Bar("javac + yieldfrom, CPU", f.med(c + "coroutines.seconds.cpu") / f.med(c + "plain.seconds.cpu"), YF),
        new Bar("kotlinc, wall", f.med(c + "kotlinCoroutines.seconds") / f.med(c + "kotlinPlain.seconds"), KOTLIN),
        new Bar("kotlinc, CPU", f.med(c + "kotlinCoroutines.seconds.cpu") / f.med(c + "kotlinPlain.seconds.cpu"), KOTLIN)));

    List<Bar> http = new ArrayList<>();
    for (String[] server : ReportRows.SERVERS) {
      Color color = server[0].startsWith("yieldfrom") ? YF : server[0].equals("selectorLoop") ? FLOOR
          : server[0].contains("loop") || server[0].contains("asyncio") ? PY : JVM;
      http.add(new Bar(server[0], f.med("net.http." + server[0] + ".cpuMicrosPerRequest"), color));
    }
    panel(g, 610, 640, "(7) HTTP hello: server CPU per request, µs (lower is better)", false, " µs", http);
    g.dispose();
    return image;
  }

  private static void panel(Graphics2D g, int x, int y, String title, boolean log, String unit, List<Bar> bars) {
    int w = 570;
    int h = 280;
    g.setColor(new Color(0xf7fafc));
    g.fillRect(x, y, w, h);
    g.setColor(new Color(0xcbd5e0));
    g.drawRect(x, y, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x + 10, y + 20);
    double max = 0;
    double min = Double.MAX_VALUE;
    for (Bar b : bars) {
      if (!Double.isNaN(b.value()) && b.value() > 0 && !Double.isInfinite(b.value())) {
        max = Math.max(max, b.value());
        min = Math.min(min, b.value());
      }
    }
    int labelW = 175;
    int barX = x + labelW;
    int barMaxW = w - labelW - 90;
    int top = y + 34;
    int slot = (h - 40) / Math.max(bars.size(), 1);
    int barH = Math.min(30, slot - 6);
    double lo = log && max > 0 ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int by = top + i * slot;
      g.setColor(Color.BLACK);
      g.drawString(b.label(), x + 10, by + barH / 2 + 5);
      if (Double.isNaN(b.value()) || Double.isInfinite(b.value()) || max == 0) {
        g.drawString("not measured", barX + 4, by + barH / 2 + 5);
        continue;
      }
      double frac = log
          ? (Math.log10(b.value()) - Math.log10(lo)) / Math.max(1e-9, Math.log10(max) - Math.log10(lo))
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
