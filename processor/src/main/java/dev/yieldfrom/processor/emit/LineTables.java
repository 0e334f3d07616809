package dev.yieldfrom.processor.emit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line tables of {@code debugInfo()}, in the compact text form the runtime's
 * {@code Traceback} parses: {@code "from-to:line,..."} for generated lines and
 * {@code "state:line,..."} for suspension points.
 */
final class LineTables {
  private static final Pattern CLASS = Pattern.compile("^  static final class (\\w+)");
  /** "// 12: ..." above a lowered statement; "// 12-14: ..." above a copied one, line for line. */
  private static final Pattern ORIGIN = Pattern.compile("^\\s*// (\\d+)(?:-(\\d+))?: ");

  private LineTables() {}

  /**
   * For each state machine class in a rendered file: the generated lines that come from each
   * template line, found from the {@code // 12: ...} comment above each statement.
   */
  static Map<String, String> read(String rendered) {
    Map<String, StringBuilder> tables = new LinkedHashMap<>();
    String current = null;
    long origin = -1;
    int rangeStart = -1;
    String[] lines = rendered.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      Matcher type = CLASS.matcher(lines[i]);
      if (type.find()) {
        close(tables, current, rangeStart, number - 1, origin);
        current = type.group(1);
        origin = -1;
        rangeStart = -1;
        continue;
      }
      Matcher comment = ORIGIN.matcher(lines[i]);
      if (comment.find() && current != null) {
        close(tables, current, rangeStart, number - 1, origin);
        origin = Long.parseLong(comment.group(1));
        rangeStart = number + 1;
        if (comment.group(2) != null) {
          long last = Long.parseLong(comment.group(2));
          for (long line = origin; line < last; line++) {
            close(tables, current, rangeStart, rangeStart, line);
            rangeStart++;
          }
          origin = last;
        }
      }
    }
    close(tables, current, rangeStart, lines.length, origin);
    Map<String, String> result = new LinkedHashMap<>();
    tables.forEach((name, table) -> result.put(name, table.toString()));
    return result;
  }

  private static void close(
      Map<String, StringBuilder> tables, String type, int from, int to, long origin) {
    if (type == null || origin < 0 || from < 0 || to < from) {
      return;
    }
    StringBuilder table = tables.computeIfAbsent(type, k -> new StringBuilder());
    if (table.length() > 0) {
      table.append(',');
    }
    table.append(from).append('-').append(to).append(':').append(origin);
  }

  static String states(Map<Integer, Long> suspensionLines) {
    StringBuilder table = new StringBuilder();
    suspensionLines.forEach(
        (state, line) -> {
          if (table.length() > 0) {
            table.append(',');
          }
          table.append(state).append(':').append(line);
        });
    return table.toString();
  }
}
