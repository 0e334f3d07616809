package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The flat listing the body is exploded into (regenerator's emitter): a sequence of state blocks,
 * each a {@code case} of the resume method's switch. Control falls from one block into the next
 * unless the block ends in a jump, a suspension or a return. Labels are created before they are
 * known and marked when reached, so forward jumps need no back-patching.
 */
final class Listing {
  private final List<Block> blocks = new ArrayList<>();
  private final java.util.ArrayDeque<Label> handlers = new java.util.ArrayDeque<>();
  private final List<Capture> pendingCaptures = new ArrayList<>();
  private Block current;

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
   * One statement. {@code declares} is set for the declaration of a body local, whose text depends
   * on whether the local ends up lifted to a field.
   */
  private static final class Line {
    Code code;
    final LocalVar declares;
    final Code declaredType;
    final Code initializer;
    final boolean mayNotCompleteNormally;

    Line(Code code, boolean mayNotCompleteNormally) {
      this.code = code;
      this.declares = null;
      this.declaredType = null;
      this.initializer = null;
      this.mayNotCompleteNormally = mayNotCompleteNormally;
    }

    Line(LocalVar declares, Code declaredType, Code initializer) {
      this.code = null;
      this.declares = declares;
      this.declaredType = declaredType;
      this.initializer = initializer;
      this.mayNotCompleteNormally = false;
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

  void comment(String text) {
    if (!current.terminated) {
      current.lines.add(new Line(Code.of("// ", text.replace("\\u", "\\\\u"), "\n"), false));
    }
  }

  void statement(Code code) {
    add(new Line(code, false));
  }

  /** A statement copied from the template; {@code surelyNormal} per {@link Reachability}. */
  void verbatim(Code code, boolean surelyNormal, boolean abrupt) {
    add(new Line(code, !surelyNormal && !abrupt));
    if (abrupt) {
      current.terminated = true;
    }
  }

  void declare(LocalVar local, Code declaredType, Code initializer) {
    add(new Line(local, declaredType, initializer));
  }

  /** A statement after which control does not continue in this block. */
  void terminal(Code code) {
    add(new Line(code, false));
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
        add(new Line(Code.of(new Capture.Snapshot(capture)), false));
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
    int state = current.state;
    noteUses(line.code, state);
    noteUses(line.declaredType, state);
    noteUses(line.initializer, state);
    if (line.declares != null) {
      line.declares.usedIn(state);
    }
  }

  private static void noteUses(Code code, int state) {
    if (code == null) {
      return;
    }
    for (Object part : code.parts()) {
      if (part instanceof LocalVar local) {
        local.usedIn(state);
      } else if (part instanceof Capture capture) {
        capture.local().usedIn(state);
      } else if (part instanceof Capture.Snapshot snapshot) {
        snapshot.capture().local().usedIn(state);
      }
    }
  }

  /** The resume method's body: a loop around a switch over the states. */
  CodeBlock render() {
    CodeBlock.Builder body = CodeBlock.builder();
    boolean handles = blocks.stream().anyMatch(b -> b.handler != null && b.handler != NO_HANDLER);
    if (handles) {
      body.addStatement("$T $L = null", Throwable.class, Names.CAUGHT);
    }
    body.beginControlFlow("$L: for (;;)", Names.LOOP);
    if (handles) {
      body.beginControlFlow("try");
    }
    body.beginControlFlow("switch (this.state)");
    java.util.Set<Integer> targeted = new java.util.HashSet<>();
    for (Label label : labels) {
      if (label.isTargeted() && label.isMarked()) {
        targeted.add(label.state());
      }
    }
    for (Block block : blocks) {
      if (block.lines.isEmpty() && !block.reachable && !targeted.contains(block.state)) {
        continue; // nothing jumps or falls here
      }
      body.add("case $L: {\n$>", block.state);
      for (Line line : block.lines) {
        body.add(render(line));
      }
      body.add("$<}\n");
    }
    body.add("default:\n$>throw new $T(\"invalid state \" + this.state);\n$<",
        IllegalStateException.class);
    body.endControlFlow();
    if (handles) {
      renderHandlers(body);
    }
    body.endControlFlow();
    return body.build();
  }

  /** The exception table: which state handles an exception thrown in which state. */
  private void renderHandlers(CodeBlock.Builder body) {
    body.nextControlFlow("catch ($T $$e)", Throwable.class);
    body.addStatement("$L = $$e", Names.CAUGHT);
    body.beginControlFlow("switch (this.state)");
    java.util.Map<Integer, List<Integer>> byHandler = new java.util.TreeMap<>();
    for (Block block : blocks) {
      if (block.handler != null && block.handler != NO_HANDLER) {
        byHandler.computeIfAbsent(block.handler.state(), k -> new ArrayList<>()).add(block.state);
      }
    }
    for (java.util.Map.Entry<Integer, List<Integer>> entry : byHandler.entrySet()) {
      StringBuilder cases = new StringBuilder();
      for (int state : entry.getValue()) {
        cases.append("case ").append(state).append(":\n");
      }
      body.add(cases.toString());
      body.add("$>this.state = $L;\ncontinue $L;\n$<", entry.getKey(), Names.LOOP);
    }
    body.add("default:\n$>throw $$e;\n$<");
    body.endControlFlow();
    body.endControlFlow();
  }

  private final List<Label> labels = new ArrayList<>();

  /** Labels register here so that render() knows which states are jumped to. */
  Label newLabel() {
    Label label = new Label();
    labels.add(label);
    return label;
  }

  private static CodeBlock render(Line line) {
    if (line.declares == null) {
      String text = line.code.plainText();
      CodeBlock code = line.code.render();
      if (code.isEmpty()) {
        return code;
      }
      boolean isComment = text != null && text.startsWith("//");
      return isComment ? code : CodeBlock.builder().add(code).add("\n").build();
    }
    LocalVar local = line.declares;
    if (local.isLifted()) {
      if (line.initializer == null) {
        return CodeBlock.of("");
      }
      return CodeBlock.builder()
          .add("$L = ", local.name())
          .add(line.initializer.render())
          .add(";\n")
          .build();
    }
    CodeBlock.Builder decl =
        CodeBlock.builder().add(line.declaredType.render()).add(" $L", local.name());
    if (line.initializer != null) {
      decl.add(" = ").add(line.initializer.render());
    }
    return decl.add(";\n").build();
  }
}
