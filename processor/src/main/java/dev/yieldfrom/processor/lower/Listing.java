package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.StateMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The flat listing the body is exploded into (regenerator's emitter): a sequence of state blocks,
 * each a {@code case} of the resume method's switch. Control falls from one block into the next
 * unless the block ends in a jump, a suspension or a return. Labels are created before they are
 * known and marked when reached, so forward jumps need no back-patching. Each statement keeps the
 * template line(s) the lowering was at when it was listed. Once the body is listed and {@link
 * Liveness} has decided which locals are fields, {@link #states()} gives the model's states.
 */
final class Listing {
  private final List<Block> blocks = new ArrayList<>();
  private final ArrayDeque<Label> handlers = new ArrayDeque<>();
  private final List<Capture> pendingCaptures = new ArrayList<>();
  private final List<Label> labels = new ArrayList<>();
  private Block current;
  /** The template lines of the statement being lowered: each line listed now comes from them. */
  private StateMachine.Origin origin;

  Listing() {
    current = new Block(0);
    current.reachable = true;
    blocks.add(current);
  }

  private static final class Block {
    final int state;
    final List<Line> lines = new ArrayList<>();
    boolean terminated;
    boolean reachable;
    /** Where an exception thrown in this state goes: a state of the lowering, or null. */
    Label handler;

    Block(int state) {
      this.state = state;
    }
  }

  /**
   * One statement, or the comment naming the template line(s) of the statements after it ({@code
   * comment} set). {@code declares} is set for the declaration of a body local, whose text depends
   * on whether the local ends up lifted to a field.
   */
  private static final class Line {
    Code code;
    final String comment;
    final LocalVar declares;
    final Code declaredType;
    final Code initializer;
    final boolean mayNotCompleteNormally;
    final StateMachine.Origin origin;

    Line(Code code, boolean mayNotCompleteNormally, StateMachine.Origin origin) {
      this(code, null, null, null, null, mayNotCompleteNormally, origin);
    }

    Line(
        Code code,
        String comment,
        LocalVar declares,
        Code declaredType,
        Code initializer,
        boolean mayNotCompleteNormally,
        StateMachine.Origin origin) {
      this.code = code;
      this.comment = comment;
      this.declares = declares;
      this.declaredType = declaredType;
      this.initializer = initializer;
      this.mayNotCompleteNormally = mayNotCompleteNormally;
      this.origin = origin;
    }

    /** What this line names, for liveness. */
    List<LocalVar> locals() {
      List<LocalVar> locals = new ArrayList<>();
      for (Code part : new Code[] {code, declaredType, initializer}) {
        if (part != null) {
          locals.addAll(part.locals());
        }
      }
      if (declares != null) {
        locals.add(declares);
      }
      return locals;
    }
  }

  int state() {
    return current.state;
  }

  boolean isTerminated() {
    return current.terminated;
  }

  /**
   * Starts the state {@code label} names. An empty current block is reused, unless it lies in
   * another exception region: control may already fall into it from the block before.
   */
  void mark(Label label) {
    if (current.lines.isEmpty() && !current.terminated && current.handler == handler()) {
      label.mark(current.state);
      return;
    }
    newBlock(label);
  }

  /**
   * From here on, an exception goes to {@code handler}: states are split so that each lies in
   * one exception region. Null means the region outside every lowered try.
   */
  void enterRegion(Label handler) {
    handlers.push(handler == null ? NO_HANDLER : handler);
    mark(newLabel());
  }

  void exitRegion() {
    handlers.pop();
    mark(newLabel());
  }

  /** The region marker for "no lowered try": exceptions leave the resume method. */
  private static final Label NO_HANDLER = new Label();

  /** The handler in force where the lowering is now. */
  Label handler() {
    Label handler = handlers.peek();
    return handler == NO_HANDLER ? null : handler;
  }

  /** Starts a new state even if the current one is empty: a resume point must be its own state. */
  void markResumePoint(Label label) {
    newBlock(label);
    current.reachable = true;
  }

  private void newBlock(Label label) {
    if (!current.terminated && current.handler != handler()) {
      // Falling into another exception region: the exception table finds the handler by
      // this.state, so it must name the new state before any code of the region runs.
      statement(Code.of(Names.STATE, " = ", label.target(), ";"));
    }
    Block next = new Block(blocks.size());
    next.reachable = !current.terminated;
    next.handler = handler();
    blocks.add(next);
    current = next;
    label.mark(next.state);
  }

  /**
   * The statements listed from now on come from template lines {@code first} to {@code last};
   * {@code text} (the statement's first line) is the comment the generated code shows for them.
   */
  void origin(long first, long last, String text) {
    if (current.terminated) {
      return;
    }
    origin = new StateMachine.Origin(first, last);
    String lines = last > first ? first + "-" + last : Long.toString(first);
    current.lines.add(
        new Line(null, lines + ": " + text.replace("\\u", "\\\\u"), null, null, null, false, origin));
  }

  void statement(Code code) {
    add(new Line(code, false, origin));
  }

  /** A statement copied from the template; {@code surelyNormal} per {@link Reachability}. */
  void verbatim(Code code, boolean surelyNormal, boolean abrupt) {
    add(new Line(code, !surelyNormal && !abrupt, origin));
    if (origin != null) {
      // What the lowering lists after a copy comes from where the copy ends (a finally's replay).
      origin = new StateMachine.Origin(origin.last(), origin.last());
    }
    if (abrupt) {
      current.terminated = true;
    }
  }

  void declare(LocalVar local, Code declaredType, Code initializer) {
    add(new Line(null, null, local, declaredType, initializer, false, origin));
  }

  /** A statement after which control does not continue in this block. */
  void terminal(Code code) {
    add(new Line(code, false, origin));
    current.terminated = true;
  }

  /** Control cannot reach past this point (every path already jumped). */
  void terminate() {
    current.terminated = true;
  }

  void jump(Label target) {
    if (current.terminated) {
      return;
    }
    terminal(jumpCode(target));
  }

  void jumpIf(Code condition, Label target) {
    statement(Code.of("if (", condition, ") {\n", Code.INDENT, jumpCode(target), Code.UNINDENT, "}"));
  }

  static Code jumpCode(Label target) {
    return Code.of(Names.STATE, " = ", target.target(), ";\n", "continue ", Names.LOOP, ";");
  }

  /** A local read inside a lambda or class of the body: see {@link Capture}. */
  Code capture(LocalVar local, Names names) {
    for (Capture capture : pendingCaptures) {
      if (capture.local() == local) {
        return Code.of(capture);
      }
    }
    Capture capture = new Capture(local, names.local(local.name() + "$captured"));
    pendingCaptures.add(capture);
    return Code.of(capture);
  }

  private void add(Line line) {
    if (current.terminated) {
      return; // dead code after a jump of the lowering; javac would reject it
    }
    if (!pendingCaptures.isEmpty()) {
      List<Capture> captures = new ArrayList<>(pendingCaptures);
      pendingCaptures.clear();
      for (Capture capture : captures) {
        add(new Line(Code.of(new Code.Snapshot(capture)), false, origin));
      }
    }
    // javac rejects a statement after one that cannot complete normally. Copied statements are
    // followed by nothing in the template, so only the lowering's own code can follow one; when
    // unsure, wrap the copied statement in if (true) { }, which javac lets complete normally.
    List<Line> lines = current.lines;
    if (!lines.isEmpty() && lines.get(lines.size() - 1).mayNotCompleteNormally) {
      Line previous = lines.get(lines.size() - 1);
      previous.code =
          Code.of("if (true) {\n", Code.INDENT, previous.code, "\n", Code.UNINDENT, "}");
    }
    lines.add(line);
  }

  /** Calls {@code use} with each local each listed line names and the state it is in. */
  void forEachUse(java.util.function.ObjIntConsumer<LocalVar> use) {
    for (Block block : blocks) {
      for (Line line : block.lines) {
        for (LocalVar local : line.locals()) {
          use.accept(local, block.state);
        }
      }
    }
  }

  /** Whether an exception thrown in some state goes to a handler state of the lowering. */
  private boolean handles() {
    return blocks.stream().anyMatch(b -> b.handler != null && b.handler != NO_HANDLER);
  }

  /**
   * The states of the model: every block that control can reach, in order, with its lines as
   * they read now that {@link Liveness} has decided which locals are fields.
   */
  List<StateMachine.State> states() {
    Set<Integer> targeted = new HashSet<>();
    for (Label label : labels) {
      if (label.isTargeted() && label.isMarked()) {
        targeted.add(label.state());
      }
    }
    List<StateMachine.State> states = new ArrayList<>();
    for (Block block : blocks) {
      if (block.lines.isEmpty() && !block.reachable && !targeted.contains(block.state)) {
        continue; // nothing jumps or falls here
      }
      List<StateMachine.Step> steps = new ArrayList<>();
      for (Line line : block.lines) {
        StateMachine.Step step = step(line);
        if (step != null) {
          steps.add(step);
        }
      }
      states.add(new StateMachine.State(block.state, steps));
    }
    return states;
  }

  /** Each handler state with the states whose exceptions go to it; empty if none. */
  SortedMap<Integer, List<Integer>> handlerTable() {
    SortedMap<Integer, List<Integer>> byHandler = new TreeMap<>();
    if (!handles()) {
      return byHandler;
    }
    for (Block block : blocks) {
      if (block.handler != null && block.handler != NO_HANDLER) {
        byHandler.computeIfAbsent(block.handler.state(), k -> new ArrayList<>()).add(block.state);
      }
    }
    return byHandler;
  }

  /** Labels register here so that {@link #states()} knows which states are jumped to. */
  Label newLabel() {
    Label label = new Label();
    labels.add(label);
    return label;
  }

  /** A line as the model has it, or null where it became nothing (a lifted, bare declaration). */
  private static StateMachine.Step step(Line line) {
    if (line.comment != null) {
      return new StateMachine.Comment(line.comment, line.origin);
    }
    Code code;
    if (line.declares == null) {
      code = line.code;
    } else if (line.declares.isLifted()) {
      if (line.initializer == null) {
        return null;
      }
      code = Code.of(line.declares.name(), " = ", line.initializer, ";");
    } else {
      code = Code.of(line.declaredType, " ", line.declares.name());
      if (line.initializer != null) {
        code.add(" = ").add(line.initializer);
      }
      code.add(";");
    }
    if (code.isEmpty()) {
      return null;
    }
    StateMachine.Statement statement = new StateMachine.Statement(code.resolve(), line.origin);
    return statement.code().parts().isEmpty() ? null : statement;
  }
}
