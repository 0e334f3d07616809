package dev.yieldfrom.processor.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes random, structured {@code @Coroutine} template bodies that javac accepts and that always
 * terminate: every local is initialized where declared, every break, continue, return and throw
 * stands inside an {@code if} (so nothing after it is unreachable), every loop is bounded by a
 * counter that nothing else writes, and a body delegates only to methods of a higher level.
 *
 * <p>Each method is {@code public static Gen<Integer, Integer, Integer> mN(Trace t, int p)}; it
 * logs what it does through {@code t}, yields values and reads the values sent back with {@code
 * t.s(yieldValue(x))}.
 */
public final class BodyGenerator {
  /** Levels of the delegation graph: a method of level L delegates to level L + 1 only. */
  static final int LEVELS = 4;

  private final Random random;
  private final Set<Feature> features;
  private final String className;
  private final int methodCount;

  /** Which methods are instance methods (Feature.INSTANCE). */
  private final boolean[] instance;

  /**
   * Which methods an earlier method delegates to through the generated factory (so that reference
   * mode drives them as state machines); methods are written in index order, callers first.
   */
  private final boolean[] calledDirectly;

  public BodyGenerator(long seed, Set<Feature> features, String className, int methodCount) {
    this.random = new Random(seed);
    this.features = features;
    this.className = className;
    this.methodCount = methodCount;
    this.instance = new boolean[methodCount];
    this.calledDirectly = new boolean[methodCount];
    Random kinds = new Random(seed ^ 0x1A57A9CEL);
    this.returnTypes = new String[methodCount];
    this.typeParameters = new String[methodCount];
    for (int i = 0; i < methodCount; i++) {
      instance[i] = features.contains(Feature.INSTANCE) && kinds.nextInt(10) < 3;
      boolean wild = features.contains(Feature.WILDCARD_SIGNATURES);
      // The result stays Integer: done(x) cannot return a Gen<?, ?, ? extends Integer>.
      returnTypes[i] =
          wild && kinds.nextInt(4) == 0
              ? List.of(
                      "Gen<? extends Integer, ? super Integer, Integer>",
                      "Gen<? extends Number, Integer, Integer>",
                      "Gen<Integer, ? super Number, Integer>")
                  .get(kinds.nextInt(3))
              : "Gen<Integer, Integer, Integer>";
      if (returnTypes[i].contains("extends Number")) {
        returnTypes[i] = "Gen<? extends Integer, Integer, Integer>"; // yields must be Integer
      }
      if (returnTypes[i].contains("super Number")) {
        returnTypes[i] = "Gen<Integer, ? super Integer, Integer>";
      }
      typeParameters[i] =
          wild && kinds.nextInt(5) == 0
              ? List.of("<T> ", "<T extends Comparable<? super T>> ", "<E extends Exception> ")
                  .get(kinds.nextInt(3))
              : "";
    }
  }

  /** Whether method {@code index} is an instance method (of a fresh receiver per run). */
  public boolean isInstance(int index) {
    return instance[index];
  }

  /** The declaration line of method {@code index}, without the body's brace. */
  public String signature(int index) {
    return "public " + (instance[index] ? "" : "static ") + typeParameters[index] + returnTypes[index]
        + " m" + index + "(Trace t, int p)";
  }

  /** The return type of each method (Feature.WILDCARD_SIGNATURES: wildcards in Y and S). */
  private final String[] returnTypes;
  /** The type parameters of each method, or "" (Feature.WILDCARD_SIGNATURES). */
  private final String[] typeParameters;

  /** The level of method {@code index}: the first quarter is level 0, and so on. */
  public static int level(int index, int methodCount) {
    return Math.min(LEVELS - 1, index * LEVELS / methodCount);
  }

  /** The source of a compilation unit {@code pkg.className} with all methods. */
  public String compilationUnit(String pkg, List<String> methods) {
    StringBuilder unit = new StringBuilder();
    unit.append("package ").append(pkg).append(";\n\n");
    unit.append("import static dev.yieldfrom.runtime.Yield.*;\n\n");
    unit.append("import dev.yieldfrom.Coroutine;\n");
    unit.append("import dev.yieldfrom.runtime.Gen;\n");
    unit.append("import dev.yieldfrom.processor.diff.Boom;\n");
    unit.append("import dev.yieldfrom.processor.diff.Res;\n");
    unit.append("import dev.yieldfrom.processor.diff.Trace;\n\n");
    unit.append("public class ").append(className).append(" {\n");
    unit.append("  /** The state instance methods share with their callees. */\n");
    unit.append("  int fld;\n\n");
    for (String method : methods) {
      unit.append(method).append('\n');
    }
    unit.append("}\n");
    return unit.toString();
  }

  /** The source of method {@code index}, a complete member declaration. */
  public String method(int index) {
    return new MethodWriter(index).write();
  }

  // ------------------------------------------------------------------ one method

  private enum VarKind {
    /** A local whose initializer is being written: its name is taken, it cannot be read yet. */
    PENDING,
    INT,
    /** An int local declared with var: its type may be Integer (no narrowing compound). */
    VAR_INT,
    /** Read only, and not effectively final (a loop counter): never captured. */
    READ_ONLY_INT,
    /** Read only and effectively final (final locals, enhanced-for and pattern variables). */
    FINAL_INT,
    /** A short local, for compound assignments that narrow. */
    SHORT,
    RESOURCE,
    STRING
  }

  private record Var(String name, VarKind kind) {}

  /** Names the generated code uses for its own locals, fields and labels (Feature.GENERATED_NAMES). */
  private static final List<String> GENERATED =
      List.of("$sent", "$thrown", "$caught", "state", "$self", "$jump1", "$copy1", "$next1",
          "$exception1", "$returning1", "$NEXT", "$out", "resume", "$e", "$suppressed");

  private enum TargetKind {
    LOOP,
    SWITCH,
    BLOCK
  }

  private record Target(TargetKind kind, String label) {}

  private final class MethodWriter {
    private final int index;
    private final int level;
    private StringBuilder out = new StringBuilder();
    private int indent = 1;
    private final Deque<List<Var>> scopes = new ArrayDeque<>();
    private Deque<Target> targets = new ArrayDeque<>();
    /** Inside an arm of a switch expression: no return, and no jump out of it. */
    private int switchExpressionDepth;
    private int budget;
    private int unique;
    private int loopDepth;
    private int blockDepth;
    private int finallyDepth;
    private final double suspendChance;

    MethodWriter(int index) {
      this.index = index;
      this.level = level(index, methodCount);
      this.budget = 3 + random.nextInt(level == 0 ? 24 : 10);
      this.suspendChance = 0.05 + random.nextDouble() * 0.25;
    }

    String write() {
      line("@Coroutine");
      line(signature(index) + " {");
      indent++;
      scopes.push(new ArrayList<>());
      scope().add(new Var("p", VarKind.INT));
      if (instance[index]) {
        scope().add(new Var("fld", VarKind.INT));
      }
      line("int[] arr = {p, 1, 2};");
      if (on(Feature.LAMBDAS)) {
        line("java.util.function.IntSupplier[] keep = {() -> 0};");
      }
      line("t.log(\"enter m" + index + "\", p);");
      if (on(Feature.GENERATED_NAMES) && chance(0.3)) {
        String name = pick(GENERATED);
        line("int " + name + " = " + intExpr(1) + ";");
        scope().add(new Var(name, VarKind.INT));
      }
      if (on(Feature.HUGE_BODIES) && level == LEVELS - 1 && chance(0.05)) {
        hugeRun(200 + random.nextInt(500));
      }
      while (budget > 0) {
        statement();
      }
      line("return done(" + intExpr(2) + ");");
      indent--;
      line("}");
      return out.toString();
    }

    /** Suspensions in a row, as many as javac once could not fit in one method. */
    private void hugeRun(int suspensions) {
      String total = fresh("huge");
      line("int " + total + " = 0;");
      for (int i = 0; i < suspensions; i++) {
        line(total + " += yieldValue(" + total + " + " + i + ") == null ? 1 : 2;");
      }
      line("t.log(\"huge\", " + total + ");");
      scope().add(new Var(total, VarKind.INT));
    }

    /**
     * The last statement of a loop body: a try whose block may continue the loop and whose
     * finally ends in break or throw, so that the try cannot complete normally.
     */
    private void abruptFinally(boolean mustBreak) {
      boolean copied = chance(0.5); // a try without a suspension is copied as is
      line("try {");
      indent++;
      if (copied) {
        noSuspend++;
      }
      line("if (" + boolExpr(1) + ") continue;");
      block(childCount());
      if (copied) {
        noSuspend--;
      }
      indent--;
      line("} finally {");
      indent++;
      line("t.log(\"" + tag("afin") + "\");");
      if (!mustBreak && on(Feature.THROW) && noThrow == 0 && chance(0.3)) {
        line("throw new Boom(\"" + tag("af") + "\");");
      } else {
        line("break;");
      }
      indent--;
      line("}");
    }

    /** A var of an anonymous class whose field lives across a suspension (Feature.ANONYMOUS_LOCALS). */
    private void anonymousLocal() {
      String name = fresh("anon");
      line("var " + name + " = new Object() { int hits = " + intExpr(0) + "; };");
      line(name + ".hits += " + intExpr(2) + ";");
      line("t.log(\"" + tag("anon") + "\", " + name + ".hits);");
    }

    // -------------------------------------------------------------- output

    private void line(String text) {
      out.append("  ".repeat(indent)).append(text).append('\n');
    }

    private String tag(String kind) {
      return kind + index + "_" + (unique++);
    }

    private String fresh(String prefix) {
      return prefix + (unique++);
    }

    private boolean on(Feature feature) {
      return features.contains(feature);
    }

    private boolean chance(double p) {
      return random.nextDouble() < p;
    }

    private List<Var> scope() {
      return scopes.peek();
    }

    private List<Var> visible(VarKind... kinds) {
      List<Var> result = new ArrayList<>();
      for (List<Var> s : scopes) {
        for (Var v : s) {
          for (VarKind k : kinds) {
            if (v.kind == k) {
              result.add(v);
            }
          }
        }
      }
      return result;
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }

    /**
     * A name for a new int local: v + the number of v locals in scope, so siblings reuse names
     * (Feature.SIBLING_NAMES), else a name of its own.
     */
    private String newIntName() {
      if (on(Feature.GENERATED_NAMES) && chance(0.05)) {
        return pick(GENERATED) + (unique++);
      }
      if (!on(Feature.SIBLING_NAMES)) {
        return "v" + (unique++);
      }
      int count = 0;
      for (List<Var> s : scopes) {
        for (Var v : s) {
          if (v.name.startsWith("v")) {
            count++;
          }
        }
      }
      return "v" + count;
    }

    // -------------------------------------------------------------- statements

    private void block(int statements) {
      scopes.push(new ArrayList<>());
      blockDepth++;
      for (int i = 0; i < statements && budget > 0; i++) {
        statement();
      }
      blockDepth--;
      scopes.pop();
    }

    private void braced(String header, int statements) {
      line(header.isEmpty() ? "{" : header + " {");
      indent++;
      block(statements);
      indent--;
    }

    /** A loop's body, which may end in a try whose finally cannot complete normally. */
    private void loopBody(String header, int statements) {
      line(header + " {");
      indent++;
      scopes.push(new ArrayList<>());
      blockDepth++;
      for (int i = 0; i < statements && budget > 0; i++) {
        statement();
      }
      if (on(Feature.ABRUPT_FINALLY) && switchExpressionDepth == 0 && chance(0.15)) {
        // In the body's scope: its locals see the body's. A do loop whose body cannot complete
        // ends only by a break: a throw there would make the statement after it unreachable.
        abruptFinally(header.endsWith("do"));
      }
      blockDepth--;
      scopes.pop();
      indent--;
    }

    private int childCount() {
      return 1 + random.nextInt(3);
    }

    private void statement() {
      budget--;
      boolean deep = blockDepth >= 4;
      int roll = random.nextInt(100);
      if (deep || roll < 38) {
        simpleStatement();
        return;
      }
      if (roll < 48) {
        ifStatement();
      } else if (roll < 60 && on(Feature.LOOPS) && loopDepth < 2) {
        loop();
      } else if (roll < 67 && on(Feature.SWITCH)) {
        switchStatement();
      } else if (roll < 78 && on(Feature.TRY) && noTry == 0) {
        tryStatement();
      } else if (roll < 83 && on(Feature.RESOURCES) && noTry == 0) {
        tryWithResources();
      } else if (roll < 91 && on(Feature.JUMPS)) {
        jump();
      } else if (roll < 94 && on(Feature.THROW) && noThrow == 0) {
        line("if (" + boolExpr(1) + ") throw new Boom(\"" + tag("b") + ":\" + " + intExpr(1) + ");");
      } else if (roll < 96 && on(Feature.LABELS)) {
        String label = fresh("blk");
        targets.push(new Target(TargetKind.BLOCK, label));
        braced(label + ":", childCount());
        line("}");
        targets.pop();
      } else if (roll < 98) {
        braced("", childCount());
        line("}");
      } else {
        simpleStatement();
      }
    }

    private void simpleStatement() {
      if (on(Feature.ANONYMOUS_LOCALS) && switchExpressionDepth == 0 && chance(0.05)) {
        anonymousLocal();
        return;
      }
      int roll = random.nextInt(100);
      List<Var> ints = visible(VarKind.INT, VarKind.VAR_INT);
      List<Var> strings = visible(VarKind.STRING);
      if (roll < 22) {
        String name = newIntName();
        // In scope in its own initializer (which may declare locals inside a switch expression).
        Var pending = new Var(name, VarKind.PENDING);
        scope().add(pending);
        String initializer = intExpr(2);
        scope().remove(pending);
        boolean isVar = on(Feature.VAR) && chance(0.25);
        line((isVar ? "var " : "int ") + name + " = " + initializer + ";");
        scope().add(new Var(name, isVar ? VarKind.VAR_INT : VarKind.INT));
      } else if (roll < 34 && !ints.isEmpty()) {
        String op = pick(List.of("=", "+=", "-=", "*=", "=", "^="));
        String value =
            op.equals("=") || chance(0.6)
                ? intExpr(2)
                : compoundOperand(intExpr(1) + " " + pick(List.of("+", "-", "*")) + " " + intExpr(1));
        line(pick(ints).name + " " + op + " " + value + ";");
      } else if (roll < 40 && on(Feature.NARROWING)) {
        narrowingStatement();
      } else if (roll < 45 && !ints.isEmpty() && on(Feature.SIDE_EFFECTS)) {
        line(pick(ints).name + pick(List.of("++", "--")) + ";");
      } else if (roll < 52) {
        if (on(Feature.INCREMENT_ELEMENT) && chance(0.2)) {
          String index = canSuspend() ? suspension(1) : intExpr(1);
          line(pick(List.of("arr[t.ix(" + index + ")]++;", "--arr[t.ix(" + index + ")];")));
        } else {
          line("arr[t.ix(" + intExpr(1) + ")] " + pick(List.of("=", "+=", "-=")) + " " + intExpr(1) + ";");
        }
      } else if (roll < 68) {
        line("t.log(\"" + tag("L") + "\", " + intExpr(2) + ");");
      } else if (roll < 80 && noSuspend == 0) {
        line("yieldValue(" + yieldArgument(1) + ");");
      } else if (roll < 86 && canCall() && noSuspend == 0) {
        line(call(1) + ";");
      } else if (roll < 90 && on(Feature.STRINGS)) {
        if (strings.isEmpty() || chance(0.3)) {
          String name = fresh("s");
          line("String " + name + " = \"" + tag("S") + "\";");
          scope().add(new Var(name, VarKind.STRING));
        } else {
          String name = pick(strings).name;
          line(name + " += " + (chance(0.2) ? compoundOperand(intExpr(1) + " + " + intExpr(1)) : stringOperand()) + ";");
          line("t.log(\"" + tag("S") + "\", " + name + ");");
        }
      } else if (roll < 94 && !visible(VarKind.RESOURCE).isEmpty()) {
        line("t.log(\"" + tag("R") + "\", " + pick(visible(VarKind.RESOURCE)).name + ".get());");
      } else if (roll < 98 && on(Feature.LAMBDAS) && switchExpressionDepth == 0) {
        // (javac cannot infer "var v = switch (..) { default -> { f = () -> ..; yield ..; } };")
        lambdaStatement();
      } else {
        line("t.log(\"" + tag("L") + "\", " + intExpr(2) + ");");
      }
    }

    /**
     * The right-hand side of a compound assignment that is a binary expression: parenthesized
     * unless Feature.UNPARENTHESIZED_COMPOUND (then, half the time).
     */
    private String compoundOperand(String binary) {
      return on(Feature.UNPARENTHESIZED_COMPOUND) && chance(0.5) ? binary : "(" + binary + ")";
    }

    /** Compound assignments whose implicit cast narrows: double, long and shift operands, shorts. */
    private void narrowingStatement() {
      List<Var> ints = visible(VarKind.INT);
      List<Var> shorts = visible(VarKind.SHORT);
      int roll = random.nextInt(5);
      if (roll == 0 || ints.isEmpty() && shorts.isEmpty()) {
        String name = fresh("h");
        line("short " + name + " = (short) (" + intExpr(1) + " + 0);");
        scope().add(new Var(name, VarKind.SHORT));
        return;
      }
      String target = !shorts.isEmpty() && (ints.isEmpty() || chance(0.4)) ? pick(shorts).name : pick(ints).name;
      // javac (17 to 25) crashes on x += (switch (..) { case 1 -> { try {..} ..; yield ..; } ..}) * 0.5
      noTry++;
      String operand = intExpr(1);
      noTry--;
      switch (roll) {
        case 1 -> line(target + " += " + operand + " * 0.5;");
        case 2 -> line(target + " *= " + compoundOperand(pick(List.of("1.5", "-2.25", "0.1f")) + " + " + operand) + ";");
        case 3 -> line(target + " -= 3L * " + operand + ";");
        default -> line(target + " " + pick(List.of("<<=", ">>=", ">>>=")) + " t.ix(" + operand + ");");
      }
    }

    /**
     * A lambda capturing effectively final locals, kept in keep[0] and called later (possibly after
     * suspensions, or in a later loop iteration): it must see the values of its own iteration.
     */
    private void lambdaStatement() {
      List<Var> finals = visible(VarKind.FINAL_INT);
      int roll = random.nextInt(3);
      if (roll == 0 || finals.isEmpty()) {
        String name = fresh("c");
        line("final int " + name + " = " + intExpr(1) + ";");
        scope().add(new Var(name, VarKind.FINAL_INT));
      } else if (roll == 1) {
        String a = pick(finals).name;
        String b = pick(finals).name;
        line("keep[0] = () -> " + pick(List.of(a + " * 3 + " + b, "t.f(" + a + ")", a + " - arr.length")) + ";");
      } else {
        line("t.log(\"" + tag("K") + "\", keep[0].getAsInt());");
      }
    }

    private String stringOperand() {
      return switch (random.nextInt(3)) {
        case 0 -> intExpr(1);
        case 1 -> "\"x\" + " + intExpr(1);
        default -> "t.s(yieldValue(" + yieldArgument(1) + ")) + \",\"";
      };
    }

    private void ifStatement() {
      if (on(Feature.PATTERNS) && chance(0.15)) {
        // A pattern variable, in scope in the then block and live across its suspensions.
        String n = fresh("n");
        noSuspend++;
        String operand = intExpr(1);
        noSuspend--;
        line("if (t.box(" + operand + ") instanceof Integer " + n + " && " + n + " > " + (random.nextInt(6) - 2) + ") {");
        indent++;
        scopes.push(new ArrayList<>(List.of(new Var(n, VarKind.FINAL_INT))));
        block(childCount());
        scopes.pop();
        indent--;
        line("}");
        return;
      }
      braced("if (" + boolExpr(2) + ")", childCount());
      if (chance(0.5)) {
        line("} else {");
        indent++;
        block(childCount());
        indent--;
      }
      line("}");
    }

    // -------------------------------------------------------------- loops

    private String maybeLabel(TargetKind kind) {
      if (on(Feature.LABELS) && chance(0.3)) {
        return fresh("lbl");
      }
      return null;
    }

    private String loopCondition(String bound) {
      if (chance(0.35)) {
        return bound + " && " + boolExpr(1);
      }
      return bound;
    }

    private void loop() {
      loopDepth++;
      String label = maybeLabel(TargetKind.LOOP);
      String prefix = label == null ? "" : label + ": ";
      int n = 1 + random.nextInt(3);
      int kind = random.nextInt(5);
      targets.push(new Target(TargetKind.LOOP, label));
      scopes.push(new ArrayList<>());
      switch (kind) {
        case 0 -> {
          String i = fresh("i");
          scope().add(new Var(i, VarKind.READ_ONLY_INT));
          if (chance(0.3)) {
            String j = fresh("j");
            String init = intExpr(1);
            scope().add(new Var(j, VarKind.INT));
            braced(
                prefix + "for (int " + i + " = 0, " + j + " = " + init + "; "
                    + loopCondition(i + " < " + n) + "; " + i + "++, " + j + " += " + intExpr(1) + ")",
                childCount());
          } else {
            loopBody(prefix + "for (int " + i + " = 0; " + loopCondition(i + " < " + n) + "; " + i + "++)", childCount());
          }
          line("}");
        }
        case 1 -> {
          String w = fresh("w");
          line("int " + w + " = 0;");
          scope().add(new Var(w, VarKind.READ_ONLY_INT));
          loopBody(prefix + "while (" + loopCondition(w + "++ < " + n) + ")", childCount());
          line("}");
        }
        case 2 -> {
          String d = fresh("d");
          line("int " + d + " = 0;");
          scope().add(new Var(d, VarKind.READ_ONLY_INT));
          loopBody(prefix + "do", childCount());
          line("} while (" + loopCondition("++" + d + " < " + n) + ");");
        }
        case 3 -> {
          String x = fresh("x");
          StringBuilder elements = new StringBuilder();
          for (int k = 0; k < n; k++) {
            elements.append(k == 0 ? "" : ", ").append(intExpr(1));
          }
          scopes.push(new ArrayList<>());
          scope().add(new Var(x, VarKind.FINAL_INT));
          loopBody(prefix + "for (int " + x + " : new int[] {" + elements + "})", childCount());
          line("}");
          scopes.pop();
        }
        default -> {
          String x = fresh("x");
          String source = "t.list(" + intExpr(1) + ", " + intExpr(1) + ")";
          scopes.push(new ArrayList<>());
          scope().add(new Var(x, VarKind.FINAL_INT));
          loopBody(prefix + "for (Integer " + x + " : " + source + ")", childCount());
          line("}");
          scopes.pop();
        }
      }
      scopes.pop();
      targets.pop();
      loopDepth--;
    }

    // -------------------------------------------------------------- jumps

    private void jump() {
      List<String> options = new ArrayList<>();
      Target innermostBreakable = null;
      Target innermostLoop = null;
      for (Target target : targets) {
        if (innermostBreakable == null && target.kind != TargetKind.BLOCK) {
          innermostBreakable = target;
        }
        if (innermostLoop == null && target.kind == TargetKind.LOOP) {
          innermostLoop = target;
        }
        if (target.label != null) {
          options.add("break " + target.label + ";");
          if (target.kind == TargetKind.LOOP) {
            options.add("continue " + target.label + ";");
          }
        }
      }
      if (innermostBreakable != null) {
        options.add("break;");
        options.add("break;");
      }
      if (innermostLoop != null) {
        options.add("continue;");
        options.add("continue;");
      }
      if (switchExpressionDepth == 0) {
        options.add("return done(" + intExpr(1) + ");");
      }
      if (options.isEmpty()) {
        simpleStatement();
        return;
      }
      String jump = pick(options);
      if (chance(0.3)) {
        line("if (" + boolExpr(1) + ") {");
        indent++;
        line("t.log(\"" + tag("J") + "\", " + intExpr(1) + ");");
        line(jump);
        indent--;
        line("}");
      } else {
        line("if (" + boolExpr(1) + ") " + jump);
      }
    }

    // -------------------------------------------------------------- switch

    private void switchStatement() {
      int kind = random.nextInt(3);
      String selector;
      List<String> labels;
      switch (kind) {
        case 0 -> {
          selector = "t.sel(" + intExpr(1) + ")";
          labels = new ArrayList<>(List.of("0", "1", "2", "3"));
        }
        case 1 -> {
          selector = "t.str(" + intExpr(1) + ")";
          labels = new ArrayList<>(List.of("\"s0\"", "\"s1\"", "\"s2\""));
        }
        default -> {
          selector = "t.color(" + intExpr(1) + ")";
          labels = new ArrayList<>(List.of("RED", "GREEN", "BLUE"));
        }
      }
      java.util.Collections.shuffle(labels, random);
      int used = 1 + random.nextInt(labels.size());
      labels = labels.subList(0, used);
      boolean hasDefault = chance(0.6);
      boolean rules = on(Feature.SWITCH_RULES) && chance(0.35);
      // Groups of labels, each a case clause.
      List<List<String>> groups = new ArrayList<>();
      for (String label : labels) {
        if (!groups.isEmpty() && chance(0.3)) {
          groups.get(groups.size() - 1).add(label);
        } else {
          groups.add(new ArrayList<>(List.of(label)));
        }
      }
      if (hasDefault) {
        groups.add(random.nextInt(groups.size() + 1), new ArrayList<>());
      }
      line("switch (" + selector + ") {");
      indent++;
      targets.push(new Target(TargetKind.SWITCH, null));
      // A switch whose rules all throw cannot complete normally: keep one rule that can.
      int keeper = random.nextInt(groups.size());
      for (int g = 0; g < groups.size(); g++) {
        List<String> group = groups.get(g);
        String head = group.isEmpty() ? "default" : "case " + String.join(", ", group);
        if (rules) {
          int shape = random.nextInt(4);
          if (g == keeper && shape == 1) {
            shape = 2;
          }
          if (shape == 0) {
            line(head + " -> t.log(\"" + tag("C") + "\", " + intExpr(1) + ");");
          } else if (shape == 1 && on(Feature.THROW) && noThrow == 0) {
            line(head + " -> throw new Boom(\"" + tag("c") + "\");");
          } else {
            braced(head + " ->", childCount());
            line("}");
          }
        } else {
          if (!group.isEmpty() && group.size() > 1 && chance(0.5)) {
            // The old spelling: one label per line.
            StringBuilder heads = new StringBuilder();
            for (int k = 0; k < group.size(); k++) {
              heads.append(k == 0 ? "" : " ").append("case ").append(group.get(k)).append(":");
            }
            line(heads.toString());
          } else {
            line(head + ":");
          }
          indent++;
          braced("", childCount());
          line("}");
          if (chance(0.6)) {
            line("break;");
          }
          indent--;
        }
      }
      targets.pop();
      indent--;
      line("}");
    }

    // -------------------------------------------------------------- try

    /**
     * Whether the next try statement is written without suspensions (copied as is by the
     * processor), with cleanup that cannot throw; or, if not, with a suspension at the end of its
     * try block, so that it is lowered. See Feature.THROWING_CLEANUP.
     */
    private boolean plainTry() {
      return !on(Feature.THROWING_CLEANUP) && (noSuspend > 0 || chance(0.5));
    }

    /** The end of the try block of a try that must be lowered. */
    private void forceSuspension(boolean plain) {
      if (!plain && !on(Feature.THROWING_CLEANUP)) {
        line("yieldValue(" + intExpr(0) + ");");
      }
    }

    private void tryStatement() {
      boolean plain = plainTry();
      if (plain) {
        noSuspend++;
        noThrowingCleanup++;
      }
      int shape = random.nextInt(3); // 0 catch, 1 finally, 2 both
      line("try {");
      indent++;
      block(childCount());
      forceSuspension(plain);
      indent--;
      if (shape != 1) {
        catches();
      }
      if (shape != 0) {
        finallyBlock();
      }
      line("}");
      if (plain) {
        noSuspend--;
        noThrowingCleanup--;
      }
    }

    private void catches() {
      String e = fresh("e");
      line("} catch (Boom " + e + ") {");
      indent++;
      line("t.log(\"" + tag("catch") + "\", " + e + ".getMessage());");
      block(childCount());
      if (on(Feature.THROW) && noThrow == 0 && chance(0.2)) {
        line("if (" + boolExpr(1) + ") throw " + e + ";");
      }
      indent--;
      if (chance(0.35)) {
        String e2 = fresh("e");
        line("} catch (ArithmeticException | IllegalArgumentException " + e2 + ") {");
        indent++;
        line("t.log(\"" + tag("catch") + "\", " + e2 + ".getClass().getSimpleName());");
        block(childCount());
        indent--;
      }
    }

    private void finallyBlock() {
      line("} finally {");
      indent++;
      line("t.log(\"" + tag("fin") + "\");");
      finallyDepth++;
      noThrow += noThrowingCleanup;
      block(childCount());
      noThrow -= noThrowingCleanup;
      finallyDepth--;
      indent--;
    }

    private void tryWithResources() {
      boolean plain = plainTry();
      if (plain) {
        noSuspend++;
        noThrowingCleanup++;
      }
      // A plain try closes its resources as Java does, so they must not fail either.
      String open = noThrowingCleanup > 0 ? "t.safeRes(\"" : "t.res(\"";
      int count = 1 + random.nextInt(2);
      List<String> resources = new ArrayList<>();
      List<Var> declared = new ArrayList<>();
      if (on(Feature.RESOURCE_VARIABLE) && chance(0.2)) {
        // A resource declared before the try: try (r) { ... }
        String r = fresh("r");
        line("Res " + r + " = " + open + r + "\", " + intExpr(1) + ");");
        scope().add(new Var(r, VarKind.RESOURCE));
        resources.add(r);
      } else {
        for (int k = 0; k < count; k++) {
          String r = fresh("r");
          resources.add("Res " + r + " = " + open + r + "\", " + intExpr(1) + ")");
          declared.add(new Var(r, VarKind.RESOURCE));
        }
      }
      line("try (" + String.join("; ", resources) + ") {");
      indent++;
      scopes.push(new ArrayList<>(declared));
      block(childCount());
      forceSuspension(plain);
      scopes.pop();
      indent--;
      int shape = random.nextInt(4); // 0 none, 1 catch, 2 finally, 3 both
      if (shape == 1 || shape == 3) {
        catches();
      }
      if (shape >= 2) {
        finallyBlock();
      }
      line("}");
      if (plain) {
        noSuspend--;
        noThrowingCleanup--;
      }
    }

    // -------------------------------------------------------------- expressions

    private boolean canCall() {
      return on(Feature.CALLS)
          && level < LEVELS - 1
          && (on(Feature.CLOSING_INNER_DELEGATES) || !calledDirectly[index]);
    }

    /** A delegation to a random method of the next level: yieldFrom(mK(t, e)). */
    private String call(int depth) {
      return call(depth, true);
    }

    private String call(int depth, boolean mayChain) {
      int first = firstOfLevel(level + 1);
      int end = level + 2 >= LEVELS ? methodCount : firstOfLevel(level + 2);
      int callee = first + random.nextInt(Math.max(1, end - first));
      if (instance[callee] && !instance[index]) {
        // A static method has no receiver: take the first static callee of the level, if any.
        callee = -1;
        for (int c = first; c < end; c++) {
          if (!instance[c]) {
            callee = c;
            break;
          }
        }
        if (callee < 0) {
          return "t.s(yieldValue(" + yieldArgument(depth - 1) + "))";
        }
      }
      boolean direct = on(Feature.DIRECT_CALLS) && chance(0.15);
      calledDirectly[callee] |= direct;
      String owner = direct ? className + "Coroutines." : instance[callee] && chance(0.3) ? "this." : "";
      String receiver = direct && instance[callee] ? "this, " : "";
      String call =
          "yieldFrom(" + owner + "m" + callee + "(" + receiver + "t, " + intExpr(depth - 1) + "))";
      return mayChain && chance(0.1) ? call + ".intValue()" : call;
    }

    private int firstOfLevel(int l) {
      for (int i = 0; i < methodCount; i++) {
        if (level(i, methodCount) >= l) {
          return i;
        }
      }
      return methodCount;
    }

    private String suspension(int depth) {
      if (canCall() && chance(0.35)) {
        return call(depth);
      }
      return "t.s(yieldValue(" + yieldArgument(depth - 1) + "))";
    }

    /**
     * The argument of yieldValue(Object). A conditional or switch expression there is a poly
     * expression whose type is Object (JLS 15.25.3, 15.28.1); unless Feature.POLY_CONDITIONAL_YIELD
     * (then, half the time) it is cast to int.
     */
    private String yieldArgument(int depth) {
      String argument = intExpr(depth);
      if (lastWasConditional && !(on(Feature.POLY_CONDITIONAL_YIELD) && chance(0.5))) {
        return "(int) " + argument;
      }
      return argument;
    }

    private boolean suspendHere() {
      return canSuspend() && chance(suspendChance);
    }

    /** Whether the expression intExpr returned last is a conditional (at its top). */
    private boolean lastWasConditional;

    /** Set by a conditional or switch expression of intExpression once its operands are written. */
    private boolean producedConditional;

    String intExpr(int depth) {
      String expression = intExpression(depth);
      lastWasConditional = producedConditional;
      producedConditional = false;
      return expression;
    }

    private String intExpression(int depth) {
      if (suspendHere()) {
        return suspension(Math.max(depth, 1));
      }
      if (depth <= 0 || chance(0.35)) {
        return leaf();
      }
      int roll = random.nextInt(100);
      List<Var> ints = visible(VarKind.INT, VarKind.VAR_INT);
      if (roll < 25) {
        return "(" + intExpr(depth - 1) + " " + pick(List.of("+", "-", "*", "+")) + " " + intExpr(depth - 1) + ")";
      } else if (roll < 37) {
        return "t.f(" + intExpr(depth - 1) + ")";
      } else if (roll < 45) {
        return "t.g(" + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")";
      } else if (roll < 55) {
        String conditional =
            "(" + boolExpr(depth - 1) + " ? " + intExpr(depth - 1) + " : " + intExpr(depth - 1) + ")";
        producedConditional = true;
        return conditional;
      } else if (roll < 62 && !ints.isEmpty() && on(Feature.SIDE_EFFECTS)) {
        String v = pick(ints).name;
        return pick(List.of(v + "++", "++" + v, v + "--", "(" + v + " = " + intExpr(depth - 1) + ")",
            "(" + v + " += " + intExpr(depth - 1) + ")"));
      } else if (roll < 69) {
        return "arr[t.ix(" + intExpr(depth - 1) + ")]";
      } else if (roll < 74) {
        return "t.arr(" + intExpr(depth - 1) + ")[t.ix(" + intExpr(depth - 1) + ")]";
      } else if (roll < 77) {
        return "Math.max(" + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")";
      } else if (roll < 79) {
        return "new int[t.ix(" + intExpr(depth - 1) + ") + 1].length";
      } else if (roll < 85) {
        return "t.len(\"<\" + " + intExpr(depth - 1) + " + \",\" + " + intExpr(depth - 1) + ")";
      } else if (roll < 88 && on(Feature.DIVISION) && noThrow == 0) {
        return "t.div(" + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")";
      } else if (roll < 91 && on(Feature.SWITCH_EXPRESSION)) {
        String expression = switchExpression(depth);
        producedConditional = true; // a poly expression too
        return expression;
      } else if (roll < 94 && !visible(VarKind.RESOURCE).isEmpty()) {
        return pick(visible(VarKind.RESOURCE)).name + ".get()";
      } else if (roll < 99 && !ints.isEmpty() && on(Feature.SIDE_EFFECTS) && canSuspend()) {
        return hazard(pick(ints).name, depth);
      }
      return leaf();
    }

    /**
     * An operand read before a suspension whose later operands write it: Java evaluates the
     * operand first, and the state machine must keep that value, not read the local again.
     */
    private String hazard(String v, int depth) {
      String suspension = suspension(Math.max(depth - 1, 1));
      return switch (random.nextInt(6)) {
        case 0 -> "(" + v + " + (" + v + " = " + suspension + "))";
        case 1 -> "t.g(" + v + ", " + v + "++ + " + suspension + ")";
        case 2 -> "(" + v + " * 2 - t.g(" + v + "--, " + suspension + "))";
        case 3 -> "(arr[t.ix(" + v + ")] + (" + v + " += " + suspension + "))";
        case 4 -> "(" + v + " - (" + v + " -= " + suspension + ") + " + v + ")";
        default -> "t.len(\"" + v + "\" + " + v + " + \",\" + ++" + v + " + \",\" + " + suspension + ")";
      };
    }

    /**
     * While positive, expressions do not suspend: the processor does not support a suspension in
     * the operand of a pattern match (it says so, and how to rewrite it).
     */
    private int noSuspend;

    /** While positive, no try statements (inside switch expressions that javac crashes on). */
    private int noTry;

    /** While positive, nothing throws (in finally blocks of plain try statements). */
    private int noThrow;

    /** While positive, try statements are plain: their finally blocks and resources must not throw. */
    private int noThrowingCleanup;

    private boolean canSuspend() {
      return noSuspend == 0
          && on(Feature.EXPRESSION_SUSPENSIONS)
          && (finallyDepth == 0 || on(Feature.SUSPEND_IN_FINALLY));
    }

    /**
     * A switch expression over an int, String or enum selector, whose arms are expressions, blocks
     * of statements ending in yield, or throws.
     */
    private String switchExpression(int depth) {
      int kind = random.nextInt(3);
      String selector;
      List<String> labels;
      switch (kind) {
        case 0 -> {
          selector = "t.sel(" + intExpr(depth - 1) + ")";
          labels = new ArrayList<>(List.of("0", "1", "2", "3"));
        }
        case 1 -> {
          selector = "t.str(" + intExpr(depth - 1) + ")";
          labels = new ArrayList<>(List.of("\"s0\"", "\"s1\"", "\"s2\""));
        }
        default -> {
          selector = "t.color(" + intExpr(depth - 1) + ")";
          labels = new ArrayList<>(List.of("RED", "GREEN", "BLUE"));
        }
      }
      java.util.Collections.shuffle(labels, random);
      int used = 1 + random.nextInt(labels.size());
      boolean exhaustiveEnum = kind == 2 && used == labels.size() && chance(0.5);
      StringBuilder text = new StringBuilder("(switch (").append(selector).append(") {");
      boolean canThrow = on(Feature.THROW) && noThrow == 0;
      int k = 0;
      while (k < used) {
        int size = Math.min(used - k, chance(0.3) ? 2 : 1);
        text.append(" case ").append(String.join(", ", labels.subList(k, k + size))).append(" -> ");
        k += size;
        text.append(arm(depth, canThrow && !(exhaustiveEnum && k == used)));
      }
      if (!exhaustiveEnum) {
        text.append(" default -> ").append(arm(depth, false));
      }
      return text.append(" })").toString();
    }

    /** One arm with its terminator: an expression, a block ending in yield, or a throw. */
    private String arm(int depth, boolean mayThrow) {
      int roll = random.nextInt(10);
      if (mayThrow && roll == 0) {
        return "throw new Boom(\"" + tag("se") + "\");";
      }
      if (roll < 6 || switchExpressionDepth > 0 || budget <= 0 || noSuspend > 0) {
        return intExpr(depth - 1) + ";";
      }
      StringBuilder saved = out;
      int savedIndent = indent;
      Deque<Target> savedTargets = targets;
      out = new StringBuilder();
      indent = 0;
      targets = new ArrayDeque<>();
      switchExpressionDepth++;
      scopes.push(new ArrayList<>());
      blockDepth++;
      line("t.log(\"" + tag("se") + "\");");
      int statements = random.nextInt(3);
      for (int i = 0; i < statements && budget > 0; i++) {
        statement();
      }
      String result = intExpr(depth - 1);
      blockDepth--;
      scopes.pop();
      switchExpressionDepth--;
      String body = out.toString().replace('\n', ' ');
      out = saved;
      indent = savedIndent;
      targets = savedTargets;
      // "yield (x);" would read as a call of a method named yield, which javac rejects.
      return "{ " + body + "yield " + (result.startsWith("(") ? "+" : "") + result + "; }";
    }

    private String leaf() {
      List<Var> readable =
          visible(VarKind.INT, VarKind.VAR_INT, VarKind.READ_ONLY_INT, VarKind.FINAL_INT, VarKind.SHORT);
      int roll = random.nextInt(10);
      if (roll < 4 || readable.isEmpty()) {
        return Integer.toString(random.nextInt(12) - 2);
      }
      Var v = pick(readable);
      // yieldValue(aShort) would yield a Short from a Gen<Integer, ...>, which the processor
      // rightly rejects: read shorts as ints.
      if (v.kind == VarKind.SHORT) {
        return "((int) " + v.name + ")";
      }
      return v.name.equals("fld") && chance(0.5) ? "this.fld" : v.name;
    }

    String boolExpr(int depth) {
      int roll = random.nextInt(100);
      if (depth <= 0 || roll < 45) {
        if (chance(0.4)) {
          return "t.b(" + intExpr(depth) + ")";
        }
        if (chance(0.05) && canCall() && canSuspend()) {
          return "(" + call(Math.max(depth, 1), false) + " instanceof Integer)";
        }
        return "(" + intExpr(depth) + " " + pick(List.of("<", "<=", "==", "!=", ">", ">=")) + " " + intExpr(depth) + ")";
      }
      if (roll < 70) {
        return "(" + boolExpr(depth - 1) + " && " + boolExpr(depth - 1) + ")";
      }
      if (roll < 92) {
        return "(" + boolExpr(depth - 1) + " || " + boolExpr(depth - 1) + ")";
      }
      return "!" + boolExpr(depth - 1);
    }
  }
}
