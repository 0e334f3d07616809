package dev.yieldfrom.processor;

import dev.yieldfrom.processor.testing.CoroutineCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.yieldfrom.processor.diff.Harness;
import dev.yieldfrom.processor.diff.Trace;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.ReferenceMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Minimal bodies for the divergences the differential test found. Each case has two tests: the
 * template run in reference mode gives the expected trace (what javac's semantics and PEP 380
 * say), and the generated state machine gives the same. Each was a bug when found; the comment
 * above each case says what went wrong. The state machine tests of bugs still open are disabled
 * with the bug in their reason; run them with
 * {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class DifferentialRegressionTest {
  private static final String IMPORTS =
      "import static dev.yieldfrom.runtime.Yield.*;\n"
          + "import dev.yieldfrom.Coroutine;\n"
          + "import dev.yieldfrom.runtime.Gen;\n"
          + "import dev.yieldfrom.processor.diff.Boom;\n"
          + "import dev.yieldfrom.processor.diff.Res;\n"
          + "import dev.yieldfrom.processor.diff.Trace;\n";

  private static final String SIGNATURE = "@Coroutine public static Gen<Integer, Integer, Integer> ";

  // ------------------------------------------------------------------ try entered by falling through

  /**
   * Found at 86c1093 (fixed on main by 5be43ac): a try statement whose block suspends, entered by
   * falling through from the state before it, ran its first state under the previous state's
   * number, so an exception thrown there before the first suspension skipped the catch and
   * finally blocks.
   */
  private static final String FALL_THROUGH =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  t.log(\"before\");\n"
          + "  try {\n"
          + "    t.log(\"div\", 10 / p);\n"
          + "    yieldValue(1);\n"
          + "  } catch (ArithmeticException e) {\n"
          + "    t.log(\"caught\", e.getMessage());\n"
          + "  } finally {\n"
          + "    t.log(\"finally\");\n"
          + "  }\n"
          + "  return done(2);\n"
          + "}\n";

  private static final List<String> FALL_THROUGH_TRACE =
      List.of("> next", "before", "caught=/ by zero", "finally", "< return 2");

  @Test
  void exceptionBeforeTheFirstSuspensionOfATryEnteredByFallingThrough_reference() {
    assertEquals(FALL_THROUGH_TRACE, reference("FallThrough", FALL_THROUGH, 0, "next"));
  }

  @Test
  void exceptionBeforeTheFirstSuspensionOfATryEnteredByFallingThrough_stateMachine() {
    assertEquals(FALL_THROUGH_TRACE, stateMachine("FallThrough", FALL_THROUGH, 0, "next"));
  }

  // ------------------------------------------------------------------ try (r) over a lifted local

  /**
   * Processor bug: a resource variable declared before {@code try (r)} that lives across a
   * suspension becomes a field of the state machine, and the try statement, which does not suspend,
   * is copied as {@code try (r)}: javac rejects the generated code ("variable r used as a
   * try-with-resources resource neither final nor effectively final").
   */
  private static final String RESOURCE_VARIABLE =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  Res r = t.res(\"r\", p);\n"
          + "  yieldValue(1);\n"
          + "  try (r) {\n"
          + "    t.log(\"body\");\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> RESOURCE_VARIABLE_TRACE =
      List.of("> next", "open r 0", "< yield 1", "> next", "body", "close r", "< return 0");

  @Test
  void resourceVariableThatLivesAcrossASuspension_reference() {
    assertEquals(
        RESOURCE_VARIABLE_TRACE, reference("ResourceVariable", RESOURCE_VARIABLE, 0, "next", "next"));
  }

  @Test
  void resourceVariableThatLivesAcrossASuspension_stateMachine() {
    assertEquals(
        RESOURCE_VARIABLE_TRACE,
        stateMachine("ResourceVariable", RESOURCE_VARIABLE, 0, "next", "next"));
  }

  // ------------------------------------------------------------------ yieldValue(c ? a : b)

  /**
   * Processor bug: the yield type check rejects {@code yieldValue(c ? yieldFrom(a) : yieldFrom(b))}
   * in a {@code Gen<Integer, ...>} ("cannot yield a value of type java.lang.Object"). The
   * conditional is a poly expression in yieldValue's Object parameter, so javac types it Object,
   * but both arms are Integer and javac accepts the template. Same for a switch expression.
   */
  private static final String POLY_YIELD =
      SIGNATURE
          + "one(Trace t, int p) {\n"
          + "  return done(p + 1);\n"
          + "}\n"
          + SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  yieldValue(p > 0 ? yieldFrom(one(t, p)) : yieldFrom(one(t, -p)));\n"
          + "  yieldValue(switch (p) { case 2 -> yieldFrom(one(t, 5)); default -> p; });\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> POLY_YIELD_TRACE =
      List.of("> next", "< yield 3", "> next", "< yield 6", "> next", "< return 0");

  @Test
  void yieldOfAConditionalOfDelegations_reference() {
    assertEquals(POLY_YIELD_TRACE, reference("PolyYield", POLY_YIELD, 2, "next", "next", "next"));
  }

  @Test
  void yieldOfAConditionalOfDelegations_stateMachine() {
    assertEquals(
        POLY_YIELD_TRACE, stateMachine("PolyYield", POLY_YIELD, 2, "next", "next", "next"));
  }

  // ------------------------------------------------------------------ a finally that throws while a jump leaves

  /**
   * Processor bug: a return (or break) inside a try statement that does not suspend, itself inside
   * a try whose finally (or resource) must run too, is copied as {@code { ...; this.state = <the
   * outer finally>; continue resume; }}. Java runs the inner finally while that continue leaves it;
   * if the inner finally throws, the exception is dispatched from the outer finally's state, not
   * from the try block it was thrown in: the outer finally (here, closing the resource and the
   * finally) is skipped and the exception goes straight to the enclosing catch.
   */
  private static final String FINALLY_THROWS_ON_RETURN =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  try {\n"
          + "    try (Res r = t.res(\"r\", 0)) {\n"
          + "      try {\n"
          + "        yieldValue(1);\n"
          + "        try {\n"
          + "          if (p == 0) return done(5);\n"
          + "        } finally {\n"
          + "          t.log(\"div\", 10 / p);\n"
          + "        }\n"
          + "      } finally {\n"
          + "        t.log(\"outer finally\");\n"
          + "      }\n"
          + "    }\n"
          + "  } catch (ArithmeticException e) {\n"
          + "    t.log(\"caught\", e.getMessage());\n"
          + "  }\n"
          + "  for (int i = 0; i < 2; i++) {\n"
          + "    try {\n"
          + "      yieldValue(2);\n"
          + "      try {\n"
          + "        if (p == 0) break;\n"
          + "      } finally {\n"
          + "        t.log(\"div\", 10 / p);\n"
          + "      }\n"
          + "    } catch (ArithmeticException e) {\n"
          + "      t.log(\"caught in loop\", e.getMessage());\n"
          + "    }\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> FINALLY_THROWS_ON_RETURN_TRACE =
      List.of(
          "> next",
          "open r 0",
          "< yield 1",
          "> next",
          "outer finally",
          "close r",
          "caught=/ by zero",
          "< yield 2",
          "> next",
          "caught in loop=/ by zero",
          "< yield 2",
          "> next",
          "caught in loop=/ by zero",
          "< return 0");

  @Test
  void finallyThatThrowsWhileAJumpLeavesIt_reference() {
    assertEquals(
        FINALLY_THROWS_ON_RETURN_TRACE,
        reference("FinallyThrows", FINALLY_THROWS_ON_RETURN, 0, "next", "next", "next", "next"));
  }

  @Test
  void finallyThatThrowsWhileAJumpLeavesIt_stateMachine() {
    assertEquals(
        FINALLY_THROWS_ON_RETURN_TRACE,
        stateMachine("FinallyThrows", FINALLY_THROWS_ON_RETURN, 0, "next", "next", "next", "next"));
  }

  // ------------------------------------------------------------------ sibling blocks

  /**
   * Processor bug: statements of a block are lowered into the enclosing state one by one, so a
   * local of the block that is not lifted stays in scope for the rest of the state; a later
   * statement of that state copied as is (here the for loop) that declares the same name does not
   * compile ("variable v is already defined in method resume"). Java allows reusing the name, the
   * first v being out of scope.
   */
  private static final String SIBLING_NAMES =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  {\n"
          + "    int v = p + 1;\n"
          + "    t.log(\"a\", v);\n"
          + "  }\n"
          + "  for (int i = 0; i < 1; i++) {\n"
          + "    int v = i;\n"
          + "    t.log(\"b\", v);\n"
          + "  }\n"
          + "  yieldValue(0);\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> SIBLING_NAMES_TRACE =
      List.of("> next", "a=2", "b=0", "< yield 0", "> next", "< return 0");

  @Test
  void sameLocalNameInSiblingBlocks_reference() {
    assertEquals(SIBLING_NAMES_TRACE, reference("SiblingNames", SIBLING_NAMES, 1, "next", "next"));
  }

  @Test
  void sameLocalNameInSiblingBlocks_stateMachine() {
    assertEquals(
        SIBLING_NAMES_TRACE, stateMachine("SiblingNames", SIBLING_NAMES, 1, "next", "next"));
  }

  // ------------------------------------------------------------------ compound assignment grouping

  /**
   * Processor bug: a compound assignment whose right-hand side suspends is lowered to {@code x =
   * old op value} without parentheses around the value, so {@code v -= p - yieldValue(..)} computes
   * {@code old - p - sent} instead of {@code old - (p - sent)}; likewise for {@code v *= 1.5 + ..}
   * and {@code s += 1 + ..} on a String.
   */
  private static final String COMPOUND_GROUPING =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  int v = 10;\n"
          + "  v -= p - t.s(yieldValue(1));\n"
          + "  t.log(\"v\", v);\n"
          + "  int w = 4;\n"
          + "  w *= 1.5 + t.s(yieldValue(2));\n"
          + "  t.log(\"w\", w);\n"
          + "  String s = \"s\";\n"
          + "  s += 1 + t.s(yieldValue(3));\n"
          + "  t.log(\"s\", s);\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> COMPOUND_GROUPING_TRACE =
      List.of(
          "> next", "< yield 1", "> send 1", "v=8", "< yield 2", "> send -1", "w=2", "< yield 3",
          "> send 2", "s=s3", "< return 0");

  @Test
  void compoundAssignmentOfASuspendingBinary_reference() {
    assertEquals(
        COMPOUND_GROUPING_TRACE,
        reference("CompoundGrouping", COMPOUND_GROUPING, 3, "next", "send 1", "send -1", "send 2"));
  }

  @Test
  void compoundAssignmentOfASuspendingBinary_stateMachine() {
    assertEquals(
        COMPOUND_GROUPING_TRACE,
        stateMachine(
            "CompoundGrouping", COMPOUND_GROUPING, 3, "next", "send 1", "send -1", "send 2"));
  }

  // ------------------------------------------------------------------ pattern variables

  /**
   * Processor bug: a pattern variable ({@code o instanceof Integer n}) used after a suspension is
   * not lifted to a field: the generated code reads {@code n} in a later state, where javac finds
   * no such variable ("cannot find symbol").
   */
  private static final String PATTERN_VARIABLE =
      SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  if (t.box(p) instanceof Integer n && n > 0) {\n"
          + "    yieldValue(1);\n"
          + "    t.log(\"n\", n);\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> PATTERN_VARIABLE_TRACE =
      List.of("> next", "box=3", "< yield 1", "> next", "n=3", "< return 0");

  @Test
  void patternVariableUsedAfterASuspension_reference() {
    assertEquals(
        PATTERN_VARIABLE_TRACE, reference("PatternVariable", PATTERN_VARIABLE, 3, "next", "next"));
  }

  @Test
  void patternVariableUsedAfterASuspension_stateMachine() {
    assertEquals(
        PATTERN_VARIABLE_TRACE,
        stateMachine("PatternVariable", PATTERN_VARIABLE, 3, "next", "next"));
  }

  // ------------------------------------------------------------------ delegating while closing

  /**
   * Runtime bug (Gen.drive): while close() runs, every frame delegated to is treated as closed,
   * also one the body delegates to after GeneratorExit reached it (in a finally block). PEP 380
   * closes only the inner generator that was running when close() was called; a delegation that
   * starts later is an ordinary one. Here the callee returns normally, and the finally block must
   * get its value; the state machine raises GeneratorExit at the yieldFrom instead.
   */
  private static final String CLOSE_THEN_DELEGATE =
      SIGNATURE
          + "cleanup(Trace t, int p) {\n"
          + "  t.log(\"cleanup\");\n"
          + "  return done(p + 1);\n"
          + "}\n"
          + SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  try {\n"
          + "    yieldValue(1);\n"
          + "  } finally {\n"
          + "    int v = yieldFrom(cleanup(t, p));\n"
          + "    t.log(\"got\", v);\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> CLOSE_THEN_DELEGATE_TRACE =
      List.of("> next", "< yield 1", "> close", "cleanup", "got=1", "< closed");

  @Test
  void delegationStartedByAFinallyBlockDuringClose_reference() {
    assertEquals(
        CLOSE_THEN_DELEGATE_TRACE,
        reference("CloseThenDelegate", CLOSE_THEN_DELEGATE, 0, "next", "close"));
  }

  @Test
  void delegationStartedByAFinallyBlockDuringClose_stateMachine() {
    assertEquals(
        CLOSE_THEN_DELEGATE_TRACE,
        stateMachine("CloseThenDelegate", CLOSE_THEN_DELEGATE, 0, "next", "close"));
  }

  /**
   * The same runtime bug when the callee yields: PEP 380 passes the yield up, so close() raises
   * "generator ignored GeneratorExit" and the generator stays suspended in the callee (a later
   * next() resumes it, and the finally block then re-raises GeneratorExit). The state machine
   * raises the error inside the delegating frame instead, whose catch block swallows it.
   */
  private static final String CLOSE_THEN_YIELD =
      SIGNATURE
          + "slow(Trace t, int p) {\n"
          + "  t.log(\"slow\");\n"
          + "  yieldValue(7);\n"
          + "  t.log(\"slow resumed\");\n"
          + "  return done(p);\n"
          + "}\n"
          + SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  try {\n"
          + "    yieldValue(1);\n"
          + "  } finally {\n"
          + "    try {\n"
          + "      yieldFrom(slow(t, p));\n"
          + "    } catch (IllegalStateException e) {\n"
          + "      t.log(\"caught\", e.getMessage());\n"
          + "    }\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n";

  private static final List<String> CLOSE_THEN_YIELD_TRACE =
      List.of(
          "> next",
          "< yield 1",
          "> close",
          "slow",
          "< raise IllegalStateException: generator ignored GeneratorExit",
          "> next",
          "slow resumed",
          "< raise GeneratorExit: generator closed");

  @Test
  void delegationThatYieldsDuringClose_reference() {
    assertEquals(
        CLOSE_THEN_YIELD_TRACE,
        reference("CloseThenYield", CLOSE_THEN_YIELD, 0, "next", "close", "next"));
  }

  @Test
  void delegationThatYieldsDuringClose_stateMachine() {
    assertEquals(
        CLOSE_THEN_YIELD_TRACE,
        stateMachine("CloseThenYield", CLOSE_THEN_YIELD, 0, "next", "close", "next"));
  }

  /**
   * Runtime bug (Gen.drive, as fixed by 61ad96e): an inner generator being closed (here {@code
   * inner}, which {@code m} delegates to) whose finally block delegates anew to a generator that
   * yields. PEP 380: {@code inner} yields while {@code m}'s {@code yield from} closes it, so
   * {@code inner.close()} raises "generator ignored GeneratorExit" inside {@code m}, which catches
   * it and returns. The state machine lets the yield leave {@code close()} instead, as if {@code
   * inner} were the outermost generator. (The delegation to {@code inner} goes through its
   * generated factory, so that reference mode drives it by PEP 380's expansion rather than inline.)
   */
  private static final String INNER_CLOSE_THEN_YIELD =
      SIGNATURE
          + "slow(Trace t, int p) {\n"
          + "  t.log(\"slow\");\n"
          + "  yieldValue(7);\n"
          + "  t.log(\"slow resumed\");\n"
          + "  return done(p);\n"
          + "}\n"
          + SIGNATURE
          + "inner(Trace t, int p) {\n"
          + "  try {\n"
          + "    yieldValue(1);\n"
          + "  } finally {\n"
          + "    yieldFrom(slow(t, p));\n"
          + "  }\n"
          + "  return done(0);\n"
          + "}\n"
          + SIGNATURE
          + "m(Trace t, int p) {\n"
          + "  try {\n"
          + "    yieldFrom(InnerCloseThenYieldCoroutines.inner(t, p));\n"
          + "  } catch (IllegalStateException e) {\n"
          + "    t.log(\"caught\", e.getMessage());\n"
          + "  }\n"
          + "  return done(5);\n"
          + "}\n";

  private static final List<String> INNER_CLOSE_THEN_YIELD_TRACE =
      List.of(
          "> next",
          "< yield 1",
          "> close",
          "slow",
          "caught=generator ignored GeneratorExit",
          "< closed");

  @Test
  void delegationThatYieldsWhileAnInnerGeneratorIsClosed_reference() {
    assertEquals(
        INNER_CLOSE_THEN_YIELD_TRACE,
        reference("InnerCloseThenYield", INNER_CLOSE_THEN_YIELD, true, 0, "next", "close"));
  }

  @Test
  void delegationThatYieldsWhileAnInnerGeneratorIsClosed_stateMachine() {
    assertEquals(
        INNER_CLOSE_THEN_YIELD_TRACE,
        stateMachine("InnerCloseThenYield", INNER_CLOSE_THEN_YIELD, 0, "next", "close"));
  }

  // ------------------------------------------------------------------ support

  private static List<String> stateMachine(String name, String members, int p, String... ops) {
    ClassLoader loader = compile(name, members, true);
    Trace trace = new Trace();
    return Harness.script(
        new Harness.Entry(loader, "regress." + name, "m", true).stateMachine(trace, p), trace, ops);
  }

  private static List<String> reference(String name, String members, int p, String... ops) {
    return reference(name, members, false, p, ops);
  }

  /**
   * The template run in reference mode; compiled with the processor when it names a generated
   * companion (a delegation to a state machine, which reference mode drives by PEP 380's
   * expansion).
   */
  private static List<String> reference(
      String name, String members, boolean withProcessor, int p, String... ops) {
    ClassLoader loader = compile(name, members, withProcessor);
    Trace trace = new Trace();
    Gen<Integer, Integer, Integer> gen =
        new Harness.Entry(loader, "regress." + name, "m", false).reference(trace, p);
    List<String> events = Harness.script(gen, trace, ops);
    assertNull(ReferenceMode.unmodeled(gen), "reference mode models this case");
    return events;
  }

  /** Compiles class regress.name with the processor, or without it (javac alone). */
  static ClassLoader compile(String name, String members, boolean withProcessor) {
    String source =
        "package regress;\n" + IMPORTS + "public class " + name + " {\n" + members + "}\n";
    Compiler javac =
        withProcessor
            ? Compiler.javac().withProcessors(new CoroutineProcessor())
            : Compiler.javac().withOptions("-proc:none");
    Compilation compilation = javac.compile(JavaFileObjects.forSourceString("regress." + name, source));
    if (compilation.status() != Compilation.Status.SUCCESS) {
      StringBuilder message = new StringBuilder("compilation failed:\n");
      compilation.errors().forEach(d -> message.append(d).append('\n'));
      fail(message.append(source).toString());
    }
    return CoroutineCompiler.load(compilation).loader();
  }
}
