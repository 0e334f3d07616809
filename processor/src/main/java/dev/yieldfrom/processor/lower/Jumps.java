package dev.yieldfrom.processor.lower;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The statements a {@code break}, {@code continue} or {@code return} of the lowered body can
 * leave (regenerator's "leap" table): loops, switches, labeled statements, and the try statements
 * whose {@code finally} must run on the way out, innermost first.
 */
final class Jumps {
  /**
   * @param label the statement's label, or null
   * @param continueTo null for a switch or a labeled non-loop statement
   * @param unlabeledBreak whether a plain {@code break} stops here (loops and switches)
   * @param exit for a try with finally: how control leaves through that finally
   */
  record Entry(String label, Label breakTo, Label continueTo, boolean unlabeledBreak, Finally exit) {}

  /**
   * A {@code finally} block and its completion record: the state to go to once it has run, or
   * {@link #RETHROW} / {@link #RETURN}, with the pending exception.
   */
  static final class Finally {
    static final int RETHROW = -1;
    static final int RETURN = -2;

    final Label start;
    final LocalVar next;
    final LocalVar exception;
    /** Every jump target that leaves through this finally, to replay after it. */
    final List<Label> targets = new ArrayList<>();
    boolean returnsThrough;

    Finally(Label start, LocalVar next, LocalVar exception) {
      this.start = start;
      this.next = next;
      this.exception = exception;
    }
  }

  /** Where a jump goes: its target, and the innermost finally it must run first (or null). */
  record Route(Label target, Finally through) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  void pushLoop(String label, Label breakTo, Label continueTo) {
    entries.push(new Entry(label, breakTo, continueTo, true, null));
  }

  void pushSwitch(Label breakTo) {
    entries.push(new Entry(null, breakTo, null, true, null));
  }

  void pushLabeled(String label, Label breakTo) {
    entries.push(new Entry(label, breakTo, null, false, null));
  }

  void pushFinally(Finally exit) {
    entries.push(new Entry(null, null, null, false, exit));
  }

  void pop() {
    entries.pop();
  }

  /** The route of {@code break label;} (a plain break for a null label); null if unknown. */
  Route breakRoute(String label) {
    return route(
        entry -> label == null ? entry.unlabeledBreak() : label.equals(entry.label()),
        Entry::breakTo);
  }

  /** The route of {@code continue label;} (a plain continue for a null label); null if unknown. */
  Route continueRoute(String label) {
    return route(
        entry -> entry.continueTo() != null && (label == null || label.equals(entry.label())),
        Entry::continueTo);
  }

  /** The route to a label a finally must continue to, from where the lowering is now. */
  Route routeTo(Label target) {
    Route route =
        route(entry -> entry.breakTo() == target || entry.continueTo() == target, entry -> target);
    return route != null ? route : new Route(target, returnThrough());
  }

  /** Walks outward to the first entry {@code stopsHere}, noting the innermost finally crossed. */
  private Route route(
      java.util.function.Predicate<Entry> stopsHere, java.util.function.Function<Entry, Label> target) {
    Finally through = null;
    for (Entry entry : entries) {
      if (entry.exit() != null) {
        through = through == null ? entry.exit() : through;
      } else if (stopsHere.test(entry)) {
        return new Route(target.apply(entry), through);
      }
    }
    return null;
  }

  /** The innermost finally a {@code return} must run first, or null. */
  Finally returnThrough() {
    for (Entry entry : entries) {
      if (entry.exit() != null) {
        return entry.exit();
      }
    }
    return null;
  }
}
