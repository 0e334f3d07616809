package dev.yieldfrom.processor.diff;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Construct families the body generator can emit. Each can be switched on or off with the system
 * property {@code yieldfrom.diff.features}, e.g. {@code -Dyieldfrom.diff.features=+SWITCH_EXPRESSION,-TRY}
 * (a bare list without signs replaces the defaults).
 */
public enum Feature {
  /** for, while and do/while loops, and enhanced for over arrays and Iterables. */
  LOOPS(true),
  /** Labeled loops and blocks, with labeled break and continue. */
  LABELS(true),
  /** break, continue and return inside if statements. */
  JUMPS(true),
  /** Switch statements (int, String, enum; grouped case labels; fall-through). */
  SWITCH(true),
  /** Switch statements in the arrow form. */
  SWITCH_RULES(true),
  /** Switch expressions whose arms suspend, with block arms (yield) and throwing arms. */
  SWITCH_EXPRESSION(true),
  /** try/catch/finally, multi-catch. */
  TRY(true),
  /** try-with-resources, with resources that may fail to close. */
  RESOURCES(true),
  /** try (r) { ... } over a local declared before it (Java 9), possibly lifted to a field. */
  RESOURCE_VARIABLE(true),
  /** throw of the custom exception. */
  THROW(true),
  /** Suspensions (yieldValue, yieldFrom) inside finally blocks. */
  SUSPEND_IN_FINALLY(true),
  /** yieldFrom(callee(...)) of other random templates. */
  CALLS(true),
  /** yieldFrom(XCoroutines.callee(...)): a template delegating to a generated state machine. */
  DIRECT_CALLS(true),
  /** Suspensions inside expressions (operands, arguments, indexes, conditions, ...). */
  EXPRESSION_SUSPENSIONS(true),
  /** Assignments, compound assignments and increments inside expressions. */
  SIDE_EFFECTS(true),
  /** Division, which may throw ArithmeticException. */
  DIVISION(true),
  /** String locals with += of suspending operands. */
  STRINGS(true),
  /** Instance methods, reading and writing a field of their receiver, delegating to each other. */
  INSTANCE(true),
  /** Locals declared with var. */
  VAR(true),
  /** Compound assignments that narrow (double, long and shift operands; short locals). */
  NARROWING(true),
  /** Lambdas capturing effectively final locals, called after suspensions or iterations. */
  LAMBDAS(true),
  /** if (x instanceof Integer n && ...) with the pattern variable used across suspensions. */
  PATTERNS(true),
  /** x op= a + b with a suspension in the unparenthesized binary right-hand side. */
  UNPARENTHESIZED_COMPOUND(true),
  /**
   * try statements that do not suspend (copied as is) whose finally blocks or resources may throw
   * while a jump leaves them (the processor once dispatched such an exception from the jump's
   * target state; see DifferentialRegressionTest).
   */
  THROWING_CLEANUP(true),
  /**
   * Delegations in methods that other methods delegate to through the generated factory, which
   * reference mode drives by PEP 380's expansion: a closed inner generator whose finally block
   * delegates and yields must raise "generator ignored GeneratorExit" in its caller (once a
   * runtime bug; see DifferentialRegressionTest).
   */
  CLOSING_INNER_DELEGATES(true),
  /**
   * Locals of sibling blocks with the same name (a flattened block's locals once clashed with a
   * copied statement declaring the same name; see DifferentialRegressionTest).
   */
  SIBLING_NAMES(true),
  /** arr[i]++ and --arr[i] where i suspends. */
  INCREMENT_ELEMENT(true),
  /**
   * yieldValue(c ? a : b) and yieldValue(switch ..) with suspending arms, uncast: poly expressions
   * of type Object whose arms are Integer.
   */
  POLY_CONDITIONAL_YIELD(true),
  /**
   * A try at the end of a loop body, whose block may continue the loop and whose finally cannot
   * complete normally (it ends in break or throw): the processor once emitted an unreachable test
   * after such a copied try.
   */
  ABRUPT_FINALLY(true),
  /**
   * Wildcard and generic signatures: {@code Gen<? extends Integer, ? super Integer, Integer>} and
   * type parameters of the method (a state machine cannot extend a wildcard type).
   */
  WILDCARD_SIGNATURES(true),
  /**
   * Now and then a method of a few hundred suspensions in a row (javac once refused its resume
   * method as too large).
   */
  HUGE_BODIES(true),
  /** Locals named as the generated code's own names ($sent, $thrown, $caught, state, ...). */
  GENERATED_NAMES(true),
  /**
   * A var holding an anonymous class instance whose field is used across a suspension. Off: the
   * state machine cannot name the anonymous class for the field it lifts the local into (not
   * fixed yet).
   */
  ANONYMOUS_LOCALS(false);

  private final boolean byDefault;

  Feature(boolean byDefault) {
    this.byDefault = byDefault;
  }

  public static Set<Feature> defaults() {
    Set<Feature> set = EnumSet.noneOf(Feature.class);
    for (Feature f : values()) {
      if (f.byDefault) {
        set.add(f);
      }
    }
    return set;
  }

  /** The defaults changed by {@code spec}: "+A,-B" adds and removes, "A,B" replaces. */
  public static Set<Feature> parse(String spec) {
    Set<Feature> set = defaults();
    if (spec == null || spec.isBlank()) {
      return set;
    }
    boolean replaced = false;
    for (String part : spec.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      char sign = item.charAt(0);
      if (sign == '+' || sign == '-') {
        Feature f = valueOf(item.substring(1).strip().toUpperCase(Locale.ROOT));
        if (sign == '+') {
          set.add(f);
        } else {
          set.remove(f);
        }
      } else {
        if (!replaced) {
          set.clear();
          replaced = true;
        }
        set.add(valueOf(item.toUpperCase(Locale.ROOT)));
      }
    }
    return set;
  }
}
