package dev.yieldfrom.processor.emit;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the lines of a rendered state machine come from in the template: the class file's line
 * table is rewritten from this (see {@code dev.yieldfrom.processor.classfile}), and the runtime's
 * {@code Traceback} reads the suspension lines from {@code debugInfo()}.
 */
final class LineTables {
  /** "// 12: ..." above a lowered statement; "// 12-14: ..." above a copied one, line for line. */
  private static final Pattern ORIGIN = Pattern.compile("^\\s*// (\\d+)(?:-(\\d+))?: ");
  /** After the last state: the exception table and the dispatch come from no template line. */
  private static final Pattern END_OF_STATES = Pattern.compile("^\\s*default:$");

  private LineTables() {}

  /**
   * For each line of {@code rendered} (index 1 is its first line), the template line its code
   * comes from, found from the {@code // 12: ...} comment above each statement; 0 for the
   * machinery around the states (the dispatch, the exception table).
   */
  static int[] read(String rendered) {
    String[] lines = rendered.split("\n", -1);
    int[] origins = new int[lines.length + 1];
    int origin = 0;
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      Matcher comment = ORIGIN.matcher(lines[i]);
      if (comment.find()) {
        int first = Integer.parseInt(comment.group(1));
        if (comment.group(2) != null) {
          // A copied statement keeps its line breaks: line k below the comment is first + k - 1.
          int last = Integer.parseInt(comment.group(2));
          for (int line = first; line < last && number + line - first + 1 < origins.length; line++) {
            origins[number + line - first + 1] = line;
          }
          i += last - first;
          number += last - first;
          origin = last;
        } else {
          origin = first;
        }
        continue;
      }
      if (END_OF_STATES.matcher(lines[i]).find()) {
        origin = 0;
      }
      origins[number] = origin;
    }
    return origins;
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
