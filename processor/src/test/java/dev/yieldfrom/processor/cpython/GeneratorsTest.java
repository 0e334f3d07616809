package dev.yieldfrom.processor.cpython;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.StopIteration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Ports of the send/throw/close/finally parts of CPython's Lib/test/test_generators.py. The
 * generator templates are in the test resource cpython/Generators.java, compiled in one javac run.
 * A doctest string (tutorial_tests, pep_tests, email_tests, syntax_tests, coroutine_tests) is one
 * Java test whose examples are subTests named after the doctest's headings.
 *
 * <p>Translations: ValueError is IllegalArgumentException; RuntimeError is IllegalStateException;
 * TypeError is ClassCastException; ZeroDivisionError is ArithmeticException; KeyError is {@link
 * Errors.KeyError}; {@code print(x)} records {@code Trace.str(x)}; {@code close()}'s return value
 * (Python 3.13) is read with {@link Gen#result()}, since Java's {@code close()} returns nothing.
 * Deliberate, documented differences: sending a non-null value to a just-started generator raises
 * IllegalStateException (Python: TypeError), and so does resuming a running generator (Python:
 * ValueError "generator already executing").
 *
 * <p>Not ported:
 *
 * <ul>
 *   <li>SignalAndYieldFromTest.test_raise_and_yield_from: a SIGINT delivered through _testcapi.
 *   <li>FinalizationTest.test_frame_resurrect, test_refcycle; GeneratorCloseTest
 *       test_close_releases_frame_locals; coroutine_tests "And finalization" and "Our
 *       ill-behaved code should be invoked during GC"; refleaks_tests; weakref_tests: garbage
 *       collection, finalizers (__del__), weakrefs, sys._getframe, refcounts.
 *   <li>GeneratorTest.test_name, test_copy, test_pickle, test_handle_frame_object_in_creation,
 *       test_ag_frame_f_back, test_cr_frame_f_back, test_gi_frame_f_back,
 *       test_genexpr_only_calls_dunder_iter_once; ModifyUnderlyingIterableTest: generator
 *       __name__/__qualname__, copy/pickle, gi_frame/gi_code/f_locals introspection, generator
 *       expressions, async generators and coroutines.
 *   <li>ExceptionTest.test_except_next, test_except_gen_except, test_nested_gen_except_loop,
 *       test_except_throw_exception_context: they only check sys.exception() (the handled
 *       exception saved and restored across yields), which Java does not have. test_except_throw
 *       is ported without its sys.exception() checks.
 *   <li>ExceptionTest.test_except_throw_bad_exception, test_gen_3_arg_deprecation_warning and
 *       the coroutine_tests throw() calls with a type, a (type, value, traceback) triple or a
 *       non-exception: throwInto takes a Throwable instance, checked by the Java compiler.
 *   <li>GeneratorThrowTest.test_exception_context_with_yield, _with_yield_from,
 *       _with_yield_from_with_context_cycle: they check only the implicit {@code __context__}
 *       chaining, which Java does not have. test_exception_context_with_yield_inside_generator
 *       is ported without its {@code __context__} check.
 *   <li>GeneratorStackTraceTest, YieldFromTests.test_generator_gi_yieldfrom, coroutine_tests
 *       "Plain raise inside a generator should preserve the traceback": frame and traceback
 *       introspection (sys._getframe, gi_yieldfrom, tb_next).
 *   <li>syntax_tests' SyntaxError and type(f()) examples and coroutine_tests' "Check some syntax
 *       errors" and "Ensure that various yield expression constructs make their enclosing
 *       function a generator" (except the {@code d[(yield "a")] = ...} example, ported): Python
 *       compile-time rules.
 *   <li>Outside the send/throw/close/finally scope: pep_tests' binary tree examples, email_tests'
 *       gcomb, type introspection and disjointSet examples, fun_tests, conjoin_tests (plain
 *       iteration algorithms).
 * </ul>
 */
class GeneratorsTest {
  private static Harness h;

  @BeforeAll
  static void compile() {
    h = Harness.compile("Generators");
  }

  @BeforeEach
  void resetTrace() {
    Trace.reset();
  }

  private static Gen<Object, Object, Object> gen(String test, String method, Object... args) {
    return h.gen(test, method, args);
  }

  private static void assertTrace(Object... expected) {
    assertThat(Trace.events()).containsExactlyElementsIn(expected).inOrder();
  }

  private static List<Object> list(Gen<Object, Object, Object> g) {
    List<Object> values = new ArrayList<>();
    for (Object x : g) {
      values.add(x);
    }
    return values;
  }

  /** Python's unittest subTest (or one doctest example): every part runs, failures are named. */
  private static Executable subTest(String name, Executable body) {
    return () -> {
      Trace.reset();
      try {
        body.execute();
      } catch (Throwable t) {
        throw new AssertionError("subTest \"" + name + "\": " + t, t);
      }
    };
  }

  // ======================================================================== FinalizationTest

  // Python: FinalizationTest.test_lambda_generator
  @Test
  void test_lambda_generator() {
    for (String genFun : new String[] {"g", "g2"}) {
      Gen<Object, Object, Object> gen = gen("LambdaGenerator", genFun);
      assertThat(gen.next()).isEqualTo(1);
      StopIteration cm = assertThrows(StopIteration.class, () -> gen.send(2));
      assertThat(cm.value()).isEqualTo(2);
    }
  }

  // =========================================================================== GeneratorTest

  // Python: GeneratorTest.test_send_non_none_to_new_gen
  // (deliberate difference: IllegalStateException where Python raises TypeError)
  @Test
  void test_send_non_none_to_new_gen() {
    Gen<Object, Object, Object> g = gen("SendNonNoneToNewGen", "f");
    assertThrows(IllegalStateException.class, () -> g.send(0));
    assertThat(g.next()).isEqualTo(1);
  }

  // Python: GeneratorTest.test_issue103488
  @Test
  void test_issue103488() {
    // This should not raise
    assertDoesNotThrow(
        () -> {
          try {
            for (Object unused : gen("Issue103488", "genRaises")) {
              if (Boolean.TRUE.equals(Boolean.FALSE)) {
                return;
              }
            }
          } catch (IllegalArgumentException e) {
            // pass
          }
        });
  }

  // =========================================================================== ExceptionTest

  // Python: ExceptionTest.test_except_throw (without its sys.exception() checks)
  @Test
  void test_except_throw() {
    Gen<Object, Object, Object> make = gen("ExceptThrow", "storeRaiseExcGenerator");
    make.next();
    IllegalArgumentException exc = new IllegalArgumentException();
    try {
      make.throwInto(exc);
    } catch (RuntimeException e) {
      // pass
    }
    assertTrace(exc);
    make.next();
    IllegalArgumentException cm = assertThrows(IllegalArgumentException.class, make::next);
    assertThat(cm).isSameInstanceAs(exc);
  }

  // Python: ExceptionTest.test_stopiteration_error (PEP 479)
  @Test
  void test_stopiteration_error() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> gen("StopiterationError", "gen").next());
    assertThat(e).hasMessageThat().contains("raised StopIteration");
  }

  // Python: ExceptionTest.test_tutorial_stopiteration (PEP 479)
  @Test
  void test_tutorial_stopiteration() {
    // Raise StopIteration" stops the generator too:
    Gen<Object, Object, Object> g = gen("TutorialStopiteration", "f");
    assertThat(g.next()).isEqualTo(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
    assertThat(e).hasMessageThat().contains("raised StopIteration");
  }

  // Python: ExceptionTest.test_return_tuple
  @Test
  void test_return_tuple() {
    Gen<Object, Object, Object> gen = gen("ReturnYield", "g");
    assertThat(gen.next()).isEqualTo(1);
    StopIteration cm = assertThrows(StopIteration.class, () -> gen.send(List.of(2)));
    assertThat(cm.value()).isEqualTo(List.of(2));
  }

  // Python: ExceptionTest.test_return_stopiteration
  @Test
  void test_return_stopiteration() {
    Gen<Object, Object, Object> gen = gen("ReturnYield", "g");
    assertThat(gen.next()).isEqualTo(1);
    StopIteration cm = assertThrows(StopIteration.class, () -> gen.send(new StopIteration(2)));
    assertThat(cm.value()).isInstanceOf(StopIteration.class);
    assertThat(((StopIteration) cm.value()).value()).isEqualTo(2);
  }

  // ====================================================================== GeneratorCloseTest

  // Python: GeneratorCloseTest.test_close_no_return_value
  @Test
  void test_close_no_return_value() {
    Gen<Object, Object, Object> gen = gen("CloseNoReturnValue", "f");
    gen.send(null);
    gen.close();
    assertThat(gen.result()).isNull();
  }

  // Python: GeneratorCloseTest.test_close_return_value
  @Test
  void test_close_return_value() {
    Gen<Object, Object, Object> gen = gen("CloseReturnValue", "f");
    gen.send(null);
    gen.close();
    assertThat(gen.result()).isEqualTo(0);
  }

  // Python: GeneratorCloseTest.test_close_not_catching_exit
  @Test
  void test_close_not_catching_exit() {
    Gen<Object, Object, Object> gen = gen("CloseNotCatchingExit", "f");
    gen.send(null);
    gen.close();
    assertThat(gen.result()).isNull();
  }

  // Python: GeneratorCloseTest.test_close_not_started
  @Test
  void test_close_not_started() {
    Gen<Object, Object, Object> gen = gen("CloseReturnValue", "f");
    gen.close();
    assertThat(gen.result()).isNull();
    assertTrace();
  }

  // Python: GeneratorCloseTest.test_close_exhausted
  @Test
  void test_close_exhausted() {
    Gen<Object, Object, Object> gen = gen("CloseReturnValue", "f");
    gen.next();
    assertThrows(StopIteration.class, gen::next);
    gen.close();
    assertThat(gen.result()).isNull();
    assertTrace();
  }

  // Python: GeneratorCloseTest.test_close_closed
  // (Python's second close() returns None; Java's returns nothing and result() keeps the value
  // the generator returned; the body must not run again)
  @Test
  void test_close_closed() {
    Gen<Object, Object, Object> gen = gen("CloseReturnValue", "f");
    gen.send(null);
    gen.close();
    assertThat(gen.result()).isEqualTo(0);
    gen.close();
    assertThat(gen.result()).isEqualTo(0);
    assertTrace("caught GeneratorExit");
  }

  // Python: GeneratorCloseTest.test_close_raises
  @Test
  void test_close_raises() {
    Gen<Object, Object, Object> gen = gen("CloseRaises", "f");
    gen.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, gen::close);
    // The generator's own RuntimeError (no message), not the runtime's "ignored GeneratorExit".
    assertThat(e).hasMessageThat().isNull();
  }

  // ====================================================================== GeneratorThrowTest

  // Python: GeneratorThrowTest.test_exception_context_with_yield_inside_generator
  // (without the __context__ check)
  @Test
  void test_exception_context_with_yield_inside_generator() {
    Gen<Object, Object, Object> gen = gen("ExceptionContextWithYieldInsideGenerator", "f");
    gen.send(null);
    Object actual = gen.throwInto(new IllegalArgumentException());
    // This ensures that the assertions inside were executed.
    assertThat(actual).isEqualTo("b");
    assertTrace("IllegalArgumentException");
  }

  // Python: GeneratorThrowTest.test_throw_after_none_exc_type
  @Test
  void test_throw_after_none_exc_type() {
    Gen<Object, Object, Object> gen = gen("ThrowAfterNoneExcType", "g");
    gen.send(null);
    assertThrows(IllegalStateException.class, () -> gen.throwInto(new IllegalArgumentException()));
  }

  // ================================================================================ doctests

  // Python: tutorial_tests (doctest)
  @Test
  void tutorial_tests() {
    String t = "Tutorial";
    assertAll(
        subTest(
            "Let's try a simple generator / Falling off the end stops the generator",
            () -> {
              assertThat(list(gen(t, "f"))).containsExactly(1, 2).inOrder();
              Gen<Object, Object, Object> g = gen(t, "f");
              assertThat(g.next()).isEqualTo(1);
              assertThat(g.next()).isEqualTo(2);
              assertThrows(StopIteration.class, g::next);
            }),
        subTest(
            "\"return\" also stops the generator",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "fReturn");
              assertThat(g.next()).isEqualTo(1);
              assertThrows(StopIteration.class, g::next);
              // once stopped, can't be resumed
              assertThrows(StopIteration.class, g::next);
            }),
        subTest(
            "However, \"return\" and StopIteration are not exactly equivalent",
            () -> {
              assertThat(list(gen(t, "g1"))).isEmpty();
              assertThat(list(gen(t, "g2"))).containsExactly(42);
            }),
        subTest(
            "This may be surprising at first",
            () -> assertThat(list(gen(t, "g3"))).containsExactly(1)),
        subTest(
            "Let's create an alternate range() function implemented as a generator",
            () -> assertThat(list(gen(t, "yrange", 5))).containsExactly(0, 1, 2, 3, 4).inOrder()),
        subTest(
            "Generators always return to the most recent caller",
            () -> {
              // creator()
              Gen<Object, Object, Object> r = gen(t, "yrange", 5);
              Trace.add("creator " + r.next());
              // caller()
              for (Object i : r) {
                Trace.add("caller " + i);
              }
              assertTrace("creator 0", "caller 1", "caller 2", "caller 3", "caller 4");
            }),
        subTest(
            "Generators can call other generators",
            () -> assertThat(list(gen(t, "zrange", 5))).containsExactly(0, 1, 2, 3, 4).inOrder()));
  }

  // Python: pep_tests (doctest: the examples from PEP 255 but the binary trees)
  @Test
  void pep_tests() {
    String t = "Pep";
    assertAll(
        subTest(
            "Specification: Yield (a generator cannot be resumed while it is actively running)",
            () -> {
              Gen<Object, Object, Object> me = gen(t, "g");
              Trace.put("me", me);
              IllegalStateException e = assertThrows(IllegalStateException.class, me::next);
              assertThat(e).hasMessageThat().isEqualTo("generator already executing");
            }),
        subTest(
            "Specification: Return",
            () -> {
              assertThat(list(gen("Tutorial", "g1"))).isEmpty();
              assertThat(list(gen("Tutorial", "g2"))).containsExactly(42);
            }),
        subTest(
            "Specification: Generators and Exception Propagation",
            () -> {
              Gen<Object, Object, Object> k = gen(t, "k");
              assertThrows(ArithmeticException.class, k::next);
              // and the generator cannot be resumed
              assertThrows(StopIteration.class, k::next);
            }),
        subTest(
            "Specification: Try/Except/Finally",
            () ->
                assertThat(list(gen(t, "tryExceptFinally")))
                    .containsExactly(1, 2, 4, 5, 8, 9, 10, 11)
                    .inOrder()));
  }

  // Python: email_tests (doctest: its examples about None, return and StopIteration)
  @Test
  void email_tests() {
    String t = "Email";
    assertAll(
        subTest(
            "The difference between yielding None and returning it",
            () -> assertThat(list(gen(t, "yieldNone"))).isEqualTo(Arrays.asList(null, null, null, null))),
        subTest(
            "Ensure that explicitly raising StopIteration acts like any other exception in"
                + " try/except, not like a return",
            () -> assertThat(list(gen(t, "raiseStopIteration"))).containsExactly(1, 2, 3).inOrder()));
  }

  // Python: syntax_tests (doctest: the examples that run generators)
  @Test
  void syntax_tests() {
    String t = "Syntax";
    assertAll(
        subTest(
            "These are fine: nested try/except/finally",
            () -> assertThat(list(gen(t, "nestedTry"))).containsExactly(12, 666).inOrder()),
        subTest(
            "This one caused a crash (see SF bug 567538)",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "continueFinally");
              assertThat(g.next()).isEqualTo(0);
              assertThat(g.next()).isEqualTo(1);
              assertThat(g.next()).isEqualTo(2);
              assertThrows(StopIteration.class, g::next);
            }),
        subTest(
            "Lambdas shouldn't have their usual return behavior",
            () -> {
              assertThat(list(gen(t, "lambdaYield"))).containsExactly(1);
              assertThat(list(gen(t, "lambdaTwoYields"))).containsExactly(1, 2).inOrder();
            }));
  }

  // Python: coroutine_tests (doctest)
  @Test
  void coroutine_tests() {
    String t = "CoroutineTests";
    assertAll(
        subTest(
            "Sending a value into a started generator",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "printSent");
              assertThat(g.next()).isEqualTo(1);
              assertThat(g.send(42)).isEqualTo(2);
              assertTrace("42");
            }),
        subTest(
            "Sending a value into a new generator produces a TypeError"
                + " (deliberate difference: IllegalStateException)",
            () -> {
              IllegalStateException e =
                  assertThrows(IllegalStateException.class, () -> gen(t, "printSent").send("foo"));
              assertThat(e).hasMessageThat().contains("just-started generator");
            }),
        subTest(
            "Yield by itself yields None",
            () -> assertThat(list(gen(t, "bareYield"))).isEqualTo(Arrays.asList((Object) null))),
        subTest(
            "A yield expression with augmented assignment",
            () -> {
              List<Object> seq = new ArrayList<>();
              Gen<Object, Object, Object> c = gen(t, "coroutine", seq);
              assertThat(c.next()).isNull();
              assertThat(seq).isEmpty();
              assertThat(c.send(10)).isNull();
              assertThat(seq).containsExactly(10);
              assertThat(c.send(10)).isNull();
              assertThat(seq).containsExactly(10, 20).inOrder();
              assertThat(c.send(10)).isNull();
              assertThat(seq).containsExactly(10, 20, 30).inOrder();
            }),
        subTest(
            "Now check some throw() conditions",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "throwConditions");
              assertThat(g.next()).isNull();
              assertThat(g.throwInto(new IllegalArgumentException())).isNull(); // type only
              assertThat(g.throwInto(new IllegalArgumentException("xyz"))).isNull(); // value only
              // throw(g, ValueError): do it with traceback included
              IllegalArgumentException raised;
              try {
                throw new IllegalArgumentException();
              } catch (IllegalArgumentException exc) {
                raised = exc;
              }
              assertThat(g.throwInto(raised)).isNull();
              assertThat(g.send(1)).isNull();
              // throw(g, TypeError): terminate the generator
              ClassCastException typeError = new ClassCastException();
              ClassCastException caught =
                  assertThrows(ClassCastException.class, () -> g.throwInto(typeError));
              assertThat(caught).isSameInstanceAs(typeError);
              // print(g.gi_frame) -> None
              assertThat(g.isDone()).isTrue();
              assertThrows(StopIteration.class, () -> g.send(2));
              // throw on closed generator
              IllegalArgumentException six =
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> g.throwInto(new IllegalArgumentException("6")));
              assertThat(six).hasMessageThat().isEqualTo("6");
              // throw on just-opened generator
              IllegalArgumentException seven =
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> gen(t, "throwConditions").throwInto(new IllegalArgumentException("7")));
              assertThat(seven).hasMessageThat().isEqualTo("7");
              assertTrace(
                  "caught ValueError ()", "caught ValueError (xyz)", "caught ValueError ()", "1");
            }),
        subTest(
            "Now let's try closing a generator",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "exiting");
              g.next();
              g.close();
              assertTrace("exiting");
              g.close(); // should be no-op now
              assertTrace("exiting");
              gen(t, "exiting").close(); // close on just-opened generator should be fine
              gen(t, "simpler").close(); // close before opening
              Gen<Object, Object, Object> g2 = gen(t, "simpler");
              g2.next();
              g2.close(); // close normally
              assertTrace("exiting");
            }),
        subTest(
            "GeneratorExit is not caught by except Exception (closed explicitly, not by the GC)",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "exceptException");
              g.next();
              g.close();
              assertTrace("finally");
            }),
        subTest(
            "Now let's try some ill-behaved generators",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "illBehaved");
              g.next();
              IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
              assertThat(e).hasMessageThat().isEqualTo("generator ignored GeneratorExit");
              g.close();
            }),
        subTest(
            "And errors thrown during closing should propagate",
            () -> {
              Gen<Object, Object, Object> g = gen(t, "fie");
              g.next();
              ClassCastException e = assertThrows(ClassCastException.class, g::close);
              assertThat(e).hasMessageThat().isEqualTo("fie!");
            }),
        subTest(
            "d[(yield \"a\")] = d[(yield \"b\")] = 27",
            () -> {
              int[] data = {1, 2};
              Gen<Object, Object, Object> g = gen(t, "subscripts", (Object) data);
              assertThat(g.send(null)).isEqualTo("a");
              assertThat(data).asList().containsExactly(1, 2).inOrder();
              assertThat(g.send(0)).isEqualTo("b");
              assertThat(data).asList().containsExactly(27, 2).inOrder();
              try {
                g.send(1);
              } catch (StopIteration e) {
                // pass
              }
              assertThat(data).asList().containsExactly(27, 27).inOrder();
            }));
  }
}
