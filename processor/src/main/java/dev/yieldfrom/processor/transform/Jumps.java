package dev.yieldfrom.processor.transform;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The statements a {@code break} or {@code continue} of the lowered body can leave (regenerator's
 * "leap" table): loops, switches and labeled statements, innermost first.
 */
final class Jumps {
  /**
   * @param label the statement's label, or null
   * @param continueTo null for a switch or a labeled non-loop statement
   * @param unlabeledBreak whether a plain {@code break} stops here (loops and switches)
   */
  record Entry(String label, Label breakTo, Label continueTo, boolean unlabeledBreak) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  void pushLoop(String label, Label breakTo, Label continueTo) {
    entries.push(new Entry(label, breakTo, continueTo, true));
  }

  void pushSwitch(Label breakTo) {
    entries.push(new Entry(null, breakTo, null, true));
  }

  void pushLabeled(String label, Label breakTo) {
    entries.push(new Entry(label, breakTo, null, false));
  }

  void pop() {
    entries.pop();
  }

  /** Where {@code break label;} (or a plain break, for a null label) goes; null if unknown. */
  Label breakTarget(String label) {
    for (Entry entry : entries) {
      if (label == null ? entry.unlabeledBreak() : label.equals(entry.label())) {
        return entry.breakTo();
      }
    }
    return null;
  }

  /** Where {@code continue label;} (or a plain continue) goes; null if unknown. */
  Label continueTarget(String label) {
    for (Entry entry : entries) {
      if (entry.continueTo() != null && (label == null || label.equals(entry.label()))) {
        return entry.continueTo();
      }
    }
    return null;
  }
}
