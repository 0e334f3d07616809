package dev.yieldfrom.processor.model;

import java.util.List;

/**
 * Which lines of a generated file come from which template line, for one state machine: what
 * {@code Traceback} reads from {@code debugInfo()} to show template lines in stack traces, and
 * what a class file's line numbers can be mapped through. Computed by the writer from {@link
 * StateMachine.Statement#origin()} while it renders; lines of the file outside the table (the
 * class, fields, constructor, the comments naming template lines) come from no template line.
 *
 * @param ranges ascending and disjoint
 */
public record LineTable(List<Range> ranges) {
  public LineTable {
    ranges = List.copyOf(ranges);
  }

  /** Generated lines {@code from} to {@code to} (1-based, inclusive) come from {@code templateLine}. */
  public record Range(int from, int to, long templateLine) {}

  /** The template line generated line {@code line} comes from, or -1. */
  public long templateLine(int line) {
    for (Range range : ranges) {
      if (line >= range.from() && line <= range.to()) {
        return range.templateLine();
      }
    }
    return -1;
  }

  /** The same table for the file with {@code lines} more lines above the first range. */
  public LineTable shifted(int lines) {
    return new LineTable(
        ranges.stream()
            .map(r -> new Range(r.from() + lines, r.to() + lines, r.templateLine()))
            .toList());
  }

  /** The form {@code debugInfo()} carries: {@code from-to:line,...}. */
  public String format() {
    StringBuilder text = new StringBuilder();
    for (Range range : ranges) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(range.from()).append('-').append(range.to()).append(':').append(range.templateLine());
    }
    return text.toString();
  }
}
