package dev.yieldfrom.processor.cpython;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.cpython.Errors.LunchError;
import dev.yieldfrom.processor.cpython.Errors.MyErr;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.GeneratorExit;
import dev.yieldfrom.runtime.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Ports of CPython's Lib/test/test_pep380.py (test_yield_from.py since 3.13): classes
 * TestPEP380Operation and TestInterestingEdgeCases. The generator templates are in the test
 * resource cpython/Pep380.java, one nested class per Python test, all compiled in one javac run.
 * Each test asserts the trace (or values and exceptions) the Python test asserts.
 *
 * <p>Translations: ValueError is IllegalArgumentException; RuntimeError is IllegalStateException;
 * ZeroDivisionError is ArithmeticException; Exception is RuntimeException; a BaseException that is
 * not an Exception is {@link Errors.BaseException} (an Error); Python tuples are {@link List}s;
 * {@code "%s"} and {@code %r} are {@link Trace#str} and {@link Trace#repr}. Python's "generator
 * already executing" ValueError is the IllegalStateException the runtime documents for it.
 *
 * <p>Not ported, because they test Python-only features:
 *
 * <ul>
 *   <li>test_delegation_of_next_to_non_generator, test_conversion_of_sendNone_to_next,
 *       test_delegation_of_close_to_non_generator, test_delegating_throw_to_non_generator,
 *       test_attempting_to_send_to_non_generator: yield from a non-generator iterator (range);
 *       yieldFrom takes only a Gen, a Future or a CompletionStage.
 *   <li>test_broken_getattr_handling, test_custom_iterator_return,
 *       test_send_tuple_with_custom_generator,
 *       test_delegating_generators_claim_to_be_running_with_close: yield from a user-defined
 *       iterator class (its __getattr__, __next__ raising StopIteration(42), send, close
 *       methods, and gi_running).
 *   <li>test_delegator_is_visible_to_debugger: inspect.stack() frame introspection.
 *   <li>test_close_with_cleared_frame: a crash of the cycle GC clearing frames (gc_collect,
 *       disable_gc).
 *   <li>Everywhere: the {@code __context__} assertions. Java has no implicit exception context
 *       (a finally that throws simply replaces the pending exception), so only the exception
 *       raised, its message and its identity are checked. Where CPython chains with
 *       {@code __cause__}-like intent (PEP 479's RuntimeError), the Java cause is checked.
 * </ul>
 *
 * <p>test_value_attribute_of_StopIteration_exception is ported in part: Python's str() of the
 * exception and assigning {@code e.value} have no counterpart ({@link StopIteration#value()} is
 * read-only).
 */
class Pep380Test {
  private static Harness h;

  @BeforeAll
  static void compile() {
    h = Harness.compile("Pep380");
  }

  @BeforeEach
  void resetTrace() {
    Trace.reset();
  }

  private static Gen<Object, Object, Object> gen(String test, String method, Object... args) {
    return h.gen(test, method, args);
  }

  private static void trace(Object event) {
    Trace.add(event);
  }

  private static void assertTrace(Object... expected) {
    assertThat(Trace.events()).containsExactlyElementsIn(expected).inOrder();
  }

  /** Python's unittest subTest: runs every part and reports each failure under its name. */
  private static Executable subTest(String name, Executable body) {
    return () -> {
      try {
        body.execute();
      } catch (Throwable t) {
        throw new AssertionError("subTest \"" + name + "\": " + t, t);
      }
    };
  }

  // ==================================================================== TestPEP380Operation

  // Python: TestPEP380Operation.test_delegation_of_initial_next_to_subgenerator
  @Test
  void test_delegation_of_initial_next_to_subgenerator() {
    for (Object x : gen("DelegationOfInitialNextToSubgenerator", "g1")) {
      trace("Yielded " + Trace.str(x));
    }
    assertTrace("Starting g1", "Starting g2", "Yielded 42", "Finishing g2", "Finishing g1");
  }

  // Python: TestPEP380Operation.test_raising_exception_in_initial_next_call
  @Test
  void test_raising_exception_in_initial_next_call() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              for (Object x : gen("RaisingExceptionInInitialNextCall", "g1")) {
                trace("Yielded " + Trace.str(x));
              }
            });
    assertThat(e).hasMessageThat().isEqualTo("spanish inquisition occurred");
    assertTrace("Starting g1", "Starting g2", "Finishing g2", "Finishing g1");
  }

  // Python: TestPEP380Operation.test_delegation_of_next_call_to_subgenerator
  @Test
  void test_delegation_of_next_call_to_subgenerator() {
    for (Object x : gen("DelegationOfNextCallToSubgenerator", "g1")) {
      trace("Yielded " + Trace.str(x));
    }
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Yielded g2 more spam",
        "Finishing g2",
        "Yielded g1 eggs",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_raising_exception_in_delegated_next_call
  @Test
  void test_raising_exception_in_delegated_next_call() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              for (Object x : gen("RaisingExceptionInDelegatedNextCall", "g1")) {
                trace("Yielded " + Trace.str(x));
              }
            });
    assertThat(e).hasMessageThat().isEqualTo("hovercraft is full of eels");
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Finishing g2",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_delegation_of_send
  @Test
  void test_delegation_of_send() {
    Gen<Object, Object, Object> g = gen("DelegationOfSend", "g1");
    g.next();
    int x = 1;
    try {
      while (true) {
        Object y = g.send(x);
        trace("Yielded " + Trace.str(y));
        x += 1;
      }
    } catch (StopIteration expected) {
      // pass
    }
    assertTrace(
        "Starting g1",
        "g1 received 1",
        "Starting g2",
        "Yielded g2 spam",
        "g2 received 2",
        "Yielded g2 more spam",
        "g2 received 3",
        "Finishing g2",
        "Yielded g1 eggs",
        "g1 received 4",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_handling_exception_while_delegating_send
  @Test
  void test_handling_exception_while_delegating_send() {
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          Gen<Object, Object, Object> g = gen("HandlingExceptionWhileDelegatingSend", "g1");
          g.next();
          int x = 1;
          try {
            while (true) {
              Object y = g.send(x);
              trace("Yielded " + Trace.str(y));
              x += 1;
            }
          } catch (StopIteration e) {
            trace("StopIteration");
          }
        });
    assertTrace(
        "Starting g1", "g1 received 1", "Starting g2", "Yielded g2 spam", "g2 received 2");
  }

  // Python: TestPEP380Operation.test_delegating_close
  @Test
  void test_delegating_close() {
    Gen<Object, Object, Object> g = gen("DelegatingClose", "g1");
    for (int i = 0; i < 2; i++) {
      Object x = g.next();
      trace("Yielded " + Trace.str(x));
    }
    g.close();
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Finishing g2",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_handing_exception_while_delegating_close
  @Test
  void test_handing_exception_while_delegating_close() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              Gen<Object, Object, Object> g = gen("HandingExceptionWhileDelegatingClose", "g1");
              for (int i = 0; i < 2; i++) {
                Object x = g.next();
                trace("Yielded " + Trace.str(x));
              }
              g.close();
            });
    assertThat(e).hasMessageThat().isEqualTo("nybbles have exploded with delight");
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Finishing g2",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_delegating_throw
  @Test
  void test_delegating_throw() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              Gen<Object, Object, Object> g = gen("DelegatingThrow", "g1");
              for (int i = 0; i < 2; i++) {
                Object x = g.next();
                trace("Yielded " + Trace.str(x));
              }
              g.throwInto(new IllegalArgumentException("tomato ejected"));
            });
    assertThat(e).hasMessageThat().isEqualTo("tomato ejected");
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Finishing g2",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_value_attribute_of_StopIteration_exception
  // (in part: Python's str(e) and assignment to e.value have no Java counterpart)
  @Test
  void test_value_attribute_of_StopIteration_exception() {
    assertThat(new StopIteration(null).value()).isNull();
    assertThat(new StopIteration("spam").value()).isEqualTo("spam");
  }

  // Python: TestPEP380Operation.test_exception_value_crash
  @Test
  void test_exception_value_crash() {
    List<Object> yielded = new ArrayList<>();
    gen("ExceptionValueCrash", "g1").forEach(yielded::add);
    assertThat(yielded).containsExactly("g2");
  }

  // Python: TestPEP380Operation.test_generator_return_value
  @Test
  void test_generator_return_value() {
    for (Object x : gen("GeneratorReturnValue", "g1")) {
      trace("Yielded " + Trace.str(x));
    }
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Yielded g2 more spam",
        "Finishing g2",
        "g2 returned None",
        "Starting g2",
        "Yielded g2 spam",
        "Yielded g2 more spam",
        "Finishing g2",
        "g2 returned 1",
        "Starting g2",
        "Yielded g2 spam",
        "Yielded g2 more spam",
        "Finishing g2",
        "g2 returned (2,)",
        "Starting g2",
        "Yielded g2 spam",
        "Yielded g2 more spam",
        "Finishing g2",
        "g2 returned StopIteration(3)",
        "Yielded g1 eggs",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_exception_in_initial_next_call
  @Test
  void test_exception_in_initial_next_call() {
    assertThrows(
        ArithmeticException.class, () -> gen("ExceptionInInitialNextCall", "g1").next());
    assertTrace("g1 about to yield from g2");
  }

  // Python: TestPEP380Operation.test_attempted_yield_from_loop
  // (Python's ValueError "generator already executing" is the runtime's IllegalStateException)
  @Test
  void test_attempted_yield_from_loop() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              Gen<Object, Object, Object> gi = gen("AttemptedYieldFromLoop", "g1");
              Trace.put("gi", gi);
              for (Object y : gi) {
                trace("Yielded: " + Trace.str(y));
              }
            });
    assertThat(e).hasMessageThat().isEqualTo("generator already executing");
    assertTrace(
        "g1: starting",
        "Yielded: y1",
        "g1: about to yield from g2",
        "g2: starting",
        "Yielded: y2",
        "g2: about to yield from g1");
  }

  // Python: TestPEP380Operation.test_returning_value_from_delegated_throw
  @Test
  void test_returning_value_from_delegated_throw() {
    Gen<Object, Object, Object> g = gen("ReturningValueFromDelegatedThrow", "g1");
    for (int i = 0; i < 2; i++) {
      Object x = g.next();
      trace("Yielded " + Trace.str(x));
    }
    g.throwInto(new LunchError("tomato ejected"));
    for (Object x : g) {
      trace("Yielded " + Trace.str(x));
    }
    assertTrace(
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Caught LunchError in g2",
        "Yielded g2 yet more spam",
        "Yielded g1 eggs",
        "Finishing g1");
  }

  // Python: TestPEP380Operation.test_next_and_return_with_value
  @Test
  void test_next_and_return_with_value() {
    for (Object r : new Object[] {null, 1, List.of(2), new StopIteration(3)}) {
      Gen<Object, Object, Object> gi = gen("NextAndReturnWithValue", "g", r);
      gi.next();
      try {
        trace("f resuming g");
        gi.next();
        trace("f SHOULD NOT BE HERE");
      } catch (StopIteration e) {
        trace("f caught " + Trace.repr(e));
      }
    }
    assertTrace(
        "g starting",
        "f resuming g",
        "g returning None",
        "f caught StopIteration()",
        "g starting",
        "f resuming g",
        "g returning 1",
        "f caught StopIteration(1)",
        "g starting",
        "f resuming g",
        "g returning (2,)",
        "f caught StopIteration((2,))",
        "g starting",
        "f resuming g",
        "g returning StopIteration(3)",
        "f caught StopIteration(StopIteration(3))");
  }

  // Python: TestPEP380Operation.test_send_and_return_with_value
  @Test
  void test_send_and_return_with_value() {
    for (Object r : new Object[] {null, 1, List.of(2), new StopIteration(3)}) {
      Gen<Object, Object, Object> gi = gen("SendAndReturnWithValue", "g", r);
      gi.next();
      try {
        trace("f sending spam to g");
        gi.send("spam");
        trace("f SHOULD NOT BE HERE");
      } catch (StopIteration e) {
        trace("f caught " + Trace.repr(e));
      }
    }
    assertTrace(
        "g starting",
        "f sending spam to g",
        "g received 'spam'",
        "g returning None",
        "f caught StopIteration()",
        "g starting",
        "f sending spam to g",
        "g received 'spam'",
        "g returning 1",
        "f caught StopIteration(1)",
        "g starting",
        "f sending spam to g",
        "g received 'spam'",
        "g returning (2,)",
        "f caught StopIteration((2,))",
        "g starting",
        "f sending spam to g",
        "g received 'spam'",
        "g returning StopIteration(3)",
        "f caught StopIteration(StopIteration(3))");
  }

  // Python: TestPEP380Operation.test_catching_exception_from_subgen_and_returning
  @Test
  void test_catching_exception_from_subgen_and_returning() {
    for (Object value : new Object[] {2, List.of(2), new StopIteration(2)}) {
      Trace.reset();
      Gen<Object, Object, Object> g = gen("CatchingExceptionFromSubgenAndReturning", "outer", value);
      trace(g.next());
      trace(Trace.repr(g.throwInto(new IllegalArgumentException())));
      assertTrace(
          1,
          "inner caught ValueError",
          "inner returned " + Trace.repr(value) + " to outer",
          Trace.repr(value));
    }
  }

  // Python: TestPEP380Operation.test_throwing_GeneratorExit_into_subgen_that_returns
  @Test
  void test_throwing_GeneratorExit_into_subgen_that_returns() {
    assertThrows(
        GeneratorExit.class,
        () -> {
          Gen<Object, Object, Object> gi = gen("ThrowingGeneratorExitIntoSubgenThatReturns", "g");
          gi.next();
          gi.throwInto(new GeneratorExit());
        });
    assertTrace("Enter g", "Enter f");
  }

  // Python: TestPEP380Operation.test_throwing_GeneratorExit_into_subgenerator_that_yields
  @Test
  void test_throwing_GeneratorExit_into_subgenerator_that_yields() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              Gen<Object, Object, Object> gi =
                  gen("ThrowingGeneratorExitIntoSubgeneratorThatYields", "g");
              gi.next();
              gi.throwInto(new GeneratorExit());
            });
    assertThat(e).hasMessageThat().isEqualTo("generator ignored GeneratorExit");
    assertTrace("Enter g", "Enter f");
  }

  // Python: TestPEP380Operation.test_throwing_GeneratorExit_into_subgen_that_raises
  @Test
  void test_throwing_GeneratorExit_into_subgen_that_raises() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              Gen<Object, Object, Object> gi = gen("ThrowingGeneratorExitIntoSubgenThatRaises", "g");
              gi.next();
              gi.throwInto(new GeneratorExit());
            });
    assertThat(e).hasMessageThat().isEqualTo("Vorpal bunny encountered");
    assertTrace("Enter g", "Enter f");
  }

  // Python: TestPEP380Operation.test_yield_from_empty
  // (adapted: yield from () becomes delegation to a generator that returns at once, and to one
  // that is already exhausted)
  @Test
  void test_yield_from_empty() {
    Gen<Object, Object, Object> g = gen("YieldFromEmpty", "g");
    assertThrows(StopIteration.class, g::next);

    // The same for an iterator that is already exhausted: here a generator that has returned 5.
    // Its next() raises a bare StopIteration, so (PEP 380) the yield from evaluates to None, not 5.
    // (A finished Co is an error to await instead, as Co's javadoc documents.)
    Gen<Object, Object, Object> inner = gen("YieldFromEmpty", "returnsFive");
    assertThat(assertThrows(StopIteration.class, inner::next).value()).isEqualTo(5);
    Gen<Object, Object, Object> delegating = gen("YieldFromEmpty", "delegateTo", inner);
    assertThrows(StopIteration.class, delegating::next);
    assertTrace("None");
  }

  // Python: TestPEP380Operation.test_delegating_generators_claim_to_be_running
  @Test
  void test_delegating_generators_claim_to_be_running() {
    // Check with basic iteration
    Gen<Object, Object, Object> g1 = gen("DelegatingGeneratorsClaimToBeRunning", "one");
    Trace.put("g1", g1);
    List<Object> res = new ArrayList<>();
    g1.forEach(res::add);
    assertThat(res).containsExactly(0, 1, 2, 3).inOrder();

    // Check with send
    g1 = gen("DelegatingGeneratorsClaimToBeRunning", "one");
    Trace.put("g1", g1);
    res = new ArrayList<>();
    res.add(g1.next());
    try {
      while (true) {
        res.add(g1.send(42));
      }
    } catch (StopIteration expected) {
      // pass
    }
    assertThat(res).containsExactly(0, 1, 2, 3).inOrder();
  }

  // Python: TestPEP380Operation.test_delegating_generators_claim_to_be_running_with_throw
  @Test
  void test_delegating_generators_claim_to_be_running_with_throw() {
    Gen<Object, Object, Object> g1 = gen("DelegatingGeneratorsClaimToBeRunningWithThrow", "one");
    Trace.put("g1", g1);
    List<Object> res = new ArrayList<>();
    res.add(g1.next());
    try {
      while (true) {
        res.add(g1.throwInto(new MyErr()));
      }
    } catch (StopIteration expected) {
      // pass
    }
    assertThat(res).containsExactly(0, 1, 2, 3).inOrder();
  }

  // ================================================================ TestInterestingEdgeCases

  private static final Object YIELDED_FIRST = new Object();
  private static final Object YIELDED_SECOND = new Object();
  private static final Object RETURNED = new Object();

  private static Gen<Object, Object, Object> outer(String test, Object... raised) {
    Object[] args = new Object[3 + raised.length];
    args[0] = YIELDED_FIRST;
    args[1] = YIELDED_SECOND;
    args[2] = RETURNED;
    System.arraycopy(raised, 0, args, 3, raised.length);
    Gen<Object, Object, Object> g = gen(test, "outer", args);
    assertThat(g.next()).isSameInstanceAs(YIELDED_FIRST);
    return g;
  }

  /** TestInterestingEdgeCases.assert_stop_iteration (without the __context__ check). */
  private static void assertStopIteration(Gen<Object, Object, Object> g) {
    StopIteration caught = assertThrows(StopIteration.class, g::next);
    assertThat(caught.value()).isNull();
  }

  /** PEP 479: a StopIteration raised in a generator becomes a RuntimeError with it as cause. */
  private static void assertGeneratorRaisedStopIteration(Throwable thrown, Executable call) {
    IllegalStateException caught = assertThrows(IllegalStateException.class, call);
    assertThat(caught).hasMessageThat().isEqualTo("generator raised StopIteration");
    assertThat(caught).hasCauseThat().isSameInstanceAs(thrown);
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_work
  @Test
  void test_close_and_throw_work() {
    String t = "CloseAndThrowWork";
    assertAll(
        subTest(
            "close",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              g.close();
              assertStopIteration(g);
            }),
        subTest(
            "throw GeneratorExit",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              GeneratorExit thrown = new GeneratorExit();
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }),
        subTest(
            "throw StopIteration",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              StopIteration thrown = new StopIteration(null);
              assertGeneratorRaisedStopIteration(thrown, () -> g.throwInto(thrown));
              assertStopIteration(g);
            }),
        subTest(
            "throw BaseException",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              Errors.BaseException thrown = new Errors.BaseException();
              Errors.BaseException caught =
                  assertThrows(Errors.BaseException.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }),
        subTest(
            "throw Exception",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              RuntimeException thrown = new RuntimeException();
              RuntimeException caught =
                  assertThrows(RuntimeException.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }));
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_raise_generator_exit
  @Test
  void test_close_and_throw_raise_generator_exit() {
    String t = "CloseAndThrowRaise";
    assertAll(
        subTest(
            "close",
            () -> {
              Gen<Object, Object, Object> g = outer(t, new GeneratorExit());
              // GeneratorExit is suppressed (PEP 342).
              g.close();
              assertStopIteration(g);
            }),
        subTest(
            "throw GeneratorExit",
            () -> {
              GeneratorExit raised = new GeneratorExit();
              Gen<Object, Object, Object> g = outer(t, raised);
              GeneratorExit thrown = new GeneratorExit();
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              // The raised GeneratorExit is suppressed, but the thrown one propagates (PEP 380).
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }),
        subTest(
            "throw StopIteration",
            () -> {
              GeneratorExit raised = new GeneratorExit();
              Gen<Object, Object, Object> g = outer(t, raised);
              StopIteration thrown = new StopIteration(null);
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(raised);
              assertStopIteration(g);
            }),
        subTest(
            "throw BaseException",
            () -> {
              GeneratorExit raised = new GeneratorExit();
              Gen<Object, Object, Object> g = outer(t, raised);
              Errors.BaseException thrown = new Errors.BaseException();
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(raised);
              assertStopIteration(g);
            }),
        subTest(
            "throw Exception",
            () -> {
              GeneratorExit raised = new GeneratorExit();
              Gen<Object, Object, Object> g = outer(t, raised);
              RuntimeException thrown = new RuntimeException();
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(raised);
              assertStopIteration(g);
            }));
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_raise_stop_iteration
  @Test
  void test_close_and_throw_raise_stop_iteration() {
    String t = "CloseAndThrowRaise";
    assertAll(
        subTest(
            "close",
            () -> {
              StopIteration raised = new StopIteration(null);
              Gen<Object, Object, Object> g = outer(t, raised);
              // PEP 479
              assertGeneratorRaisedStopIteration(raised, g::close);
              assertStopIteration(g);
            }),
        subTest(
            "throw GeneratorExit",
            () -> {
              StopIteration raised = new StopIteration(null);
              Gen<Object, Object, Object> g = outer(t, raised);
              GeneratorExit thrown = new GeneratorExit();
              // PEP 479
              assertGeneratorRaisedStopIteration(raised, () -> g.throwInto(thrown));
              assertStopIteration(g);
            }),
        subTest(
            "throw StopIteration",
            () -> {
              StopIteration raised = new StopIteration(null);
              Gen<Object, Object, Object> g = outer(t, raised);
              StopIteration thrown = new StopIteration(null);
              // PEP 479
              assertGeneratorRaisedStopIteration(raised, () -> g.throwInto(thrown));
              assertStopIteration(g);
            }),
        subTest(
            "throw BaseException",
            () -> {
              StopIteration raised = new StopIteration(null);
              Gen<Object, Object, Object> g = outer(t, raised);
              Errors.BaseException thrown = new Errors.BaseException();
              // PEP 479
              assertGeneratorRaisedStopIteration(raised, () -> g.throwInto(thrown));
              assertStopIteration(g);
            }),
        subTest(
            "throw Exception",
            () -> {
              StopIteration raised = new StopIteration(null);
              Gen<Object, Object, Object> g = outer(t, raised);
              RuntimeException thrown = new RuntimeException();
              // PEP 479
              assertGeneratorRaisedStopIteration(raised, () -> g.throwInto(thrown));
              assertStopIteration(g);
            }));
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_raise_base_exception
  @Test
  void test_close_and_throw_raise_base_exception() {
    assertCloseAndThrowRaise(Errors.BaseException.class, Errors.BaseException::new);
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_raise_exception
  @Test
  void test_close_and_throw_raise_exception() {
    assertCloseAndThrowRaise(RuntimeException.class, RuntimeException::new);
  }

  /**
   * test_close_and_throw_raise_base_exception and _raise_exception: inner's finally raises a new
   * {@code raised}, which replaces whatever was thrown in (or the GeneratorExit of close).
   */
  private static <T extends Throwable> void assertCloseAndThrowRaise(
      Class<T> type, java.util.function.Supplier<T> raise) {
    String t = "CloseAndThrowRaise";
    List<Executable> parts = new ArrayList<>();
    parts.add(
        subTest(
            "close",
            () -> {
              T raised = raise.get();
              Gen<Object, Object, Object> g = outer(t, raised);
              T caught = assertThrows(type, g::close);
              assertThat(caught).isSameInstanceAs(raised);
              assertStopIteration(g);
            }));
    Object[][] throwns = {
      {"throw GeneratorExit", new GeneratorExit()},
      {"throw StopIteration", new StopIteration(null)},
      {"throw BaseException", new Errors.BaseException()},
      {"throw Exception", new RuntimeException()},
    };
    for (Object[] thrown : throwns) {
      parts.add(
          subTest(
              (String) thrown[0],
              () -> {
                T raised = raise.get();
                Gen<Object, Object, Object> g = outer(t, raised);
                T caught = assertThrows(type, () -> g.throwInto((Throwable) thrown[1]));
                assertThat(caught).isSameInstanceAs(raised);
                assertStopIteration(g);
              }));
    }
    assertAll(parts.stream());
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_yield
  @Test
  void test_close_and_throw_yield() {
    String t = "CloseAndThrowYield";
    assertAll(
        subTest(
            "close",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              IllegalStateException caught = assertThrows(IllegalStateException.class, g::close);
              assertThat(caught).hasMessageThat().isEqualTo("generator ignored GeneratorExit");
              assertStopIteration(g);
            }),
        subTest(
            "throw GeneratorExit",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              GeneratorExit thrown = new GeneratorExit();
              IllegalStateException caught =
                  assertThrows(IllegalStateException.class, () -> g.throwInto(thrown));
              assertThat(caught).hasMessageThat().isEqualTo("generator ignored GeneratorExit");
              assertStopIteration(g);
            }),
        subTest(
            "throw StopIteration",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              StopIteration thrown = new StopIteration(null);
              assertThat(g.throwInto(thrown)).isSameInstanceAs(YIELDED_SECOND);
              // PEP 479
              assertGeneratorRaisedStopIteration(thrown, g::next);
              assertStopIteration(g);
            }),
        subTest(
            "throw BaseException",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              Errors.BaseException thrown = new Errors.BaseException();
              assertThat(g.throwInto(thrown)).isSameInstanceAs(YIELDED_SECOND);
              Errors.BaseException caught = assertThrows(Errors.BaseException.class, g::next);
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }),
        subTest(
            "throw Exception",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              RuntimeException thrown = new RuntimeException();
              assertThat(g.throwInto(thrown)).isSameInstanceAs(YIELDED_SECOND);
              RuntimeException caught = assertThrows(RuntimeException.class, g::next);
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }));
  }

  // Python: TestInterestingEdgeCases.test_close_and_throw_return
  @Test
  void test_close_and_throw_return() {
    String t = "CloseAndThrowReturn";
    List<Executable> parts = new ArrayList<>();
    parts.add(
        subTest(
            "close",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              // StopIteration is suppressed (PEP 342).
              g.close();
              assertStopIteration(g);
            }));
    parts.add(
        subTest(
            "throw GeneratorExit",
            () -> {
              Gen<Object, Object, Object> g = outer(t);
              GeneratorExit thrown = new GeneratorExit();
              // StopIteration is suppressed (PEP 342); the thrown GeneratorExit propagates.
              GeneratorExit caught = assertThrows(GeneratorExit.class, () -> g.throwInto(thrown));
              assertThat(caught).isSameInstanceAs(thrown);
              assertStopIteration(g);
            }));
    Object[][] throwns = {
      {"throw StopIteration", new StopIteration(null)},
      {"throw BaseException", new Errors.BaseException()},
      {"throw Exception", new RuntimeException()},
    };
    for (Object[] thrown : throwns) {
      parts.add(
          subTest(
              (String) thrown[0],
              () -> {
                Gen<Object, Object, Object> g = outer(t);
                StopIteration caught =
                    assertThrows(StopIteration.class, () -> g.throwInto((Throwable) thrown[1]));
                assertThat(caught.value()).isSameInstanceAs(RETURNED);
                assertStopIteration(g);
              }));
    }
    assertAll(parts.stream());
  }
}
