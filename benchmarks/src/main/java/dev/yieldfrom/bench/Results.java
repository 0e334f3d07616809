package dev.yieldfrom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Result files: one {@code key=value} per line, appended by every program of a run. */
public final class Results {
  private Results() {}

  /** Appends {@code key=value} to the file named by -Dresults (or prints it). */
  public static void put(String key, Object value) {
    String text = value instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(value);
    String line = key + "=" + text;
    System.out.println(line);
    String file = System.getProperty("results");
    if (file != null) {
      try {
        Files.writeString(
            Path.of(file),
            line + "\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file);
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return out;
  }

  /** The process's peak resident set (VmHWM) in bytes, or -1 where /proc is missing. */
  static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
