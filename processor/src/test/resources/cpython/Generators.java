package cpython;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static dev.yieldfrom.runtime.Yield.yieldValue;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.processor.cpython.Errors.KeyError;
import dev.yieldfrom.processor.cpython.Trace;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.GeneratorExit;
import dev.yieldfrom.runtime.StopIteration;
import dev.yieldfrom.runtime.Yield;
import java.util.Arrays;
import java.util.List;

/**
 * Generator templates of the ports of the send/throw/close/finally parts of CPython's
 * Lib/test/test_generators.py: one nested class per Python unittest test, and one per doctest
 * string (tutorial_tests, pep_tests, ...) holding the generators of its examples. Python's
 * {@code print(x)} inside a generator is {@code Trace.add(Trace.str(x))}. ValueError is
 * IllegalArgumentException, RuntimeError IllegalStateException, TypeError ClassCastException,
 * ZeroDivisionError ArithmeticException; a bare {@code except:} is {@code catch (Throwable e)}.
 */
class Generators {
  private Generators() {}

  // ------------------------------------------------------------------ FinalizationTest

  /** test_lambda_generator: the def forms; the lambdas are the same generators. */
  static class LambdaGenerator {
    @Coroutine
    static Gen<Object, Object, Object> g() {
      return done(yieldValue(1));
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      return done(yieldFrom(g()));
    }
  }

  // ------------------------------------------------------------------ GeneratorTest

  static class SendNonNoneToNewGen {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      yieldValue(1);
      return done(null);
    }
  }

  static class Issue103488 {
    @Coroutine
    static Gen<Object, Object, Object> genRaises() {
      yieldValue(null);
      throw new IllegalArgumentException();
    }
  }

  // ------------------------------------------------------------------ ExceptionTest

  /** test_except_throw: the exception thrown in is kept across two yields, then re-raised. */
  static class ExceptThrow {
    @Coroutine
    static Gen<Object, Object, Object> storeRaiseExcGenerator() {
      try {
        yieldValue(null);
      } catch (RuntimeException exc) {
        // exception raised by gen.throw(exc)
        Trace.add(exc);
        yieldValue(null);
        // ensure that the exception is not lost
        yieldValue(null);
        // we should be able to raise back the ValueError
        throw exc;
      }
      return done(null);
    }
  }

  static class StopiterationError {
    @Coroutine
    static Gen<Object, Object, Object> gen() {
      if (true) {
        throw new StopIteration(null);
      }
      yieldValue(null);
      return done(null);
    }
  }

  static class TutorialStopiteration {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      yieldValue(1);
      if (true) {
        throw new StopIteration(null);
      }
      yieldValue(2); // never reached
      return done(null);
    }
  }

  /** test_return_tuple and test_return_stopiteration. */
  static class ReturnYield {
    @Coroutine
    static Gen<Object, Object, Object> g() {
      return done(yieldValue(1));
    }
  }

  // ------------------------------------------------------------------ GeneratorCloseTest

  static class CloseNoReturnValue {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      yieldValue(null);
      return done(null);
    }
  }

  /** test_close_return_value, _not_started, _exhausted and _closed share this f(). */
  static class CloseReturnValue {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        yieldValue(null);
        // close() raises GeneratorExit here, which is caught
      } catch (GeneratorExit e) {
        Trace.add("caught GeneratorExit");
        return done(0);
      }
      return done(null);
    }
  }

  static class CloseNotCatchingExit {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      yieldValue(null);
      // close() raises GeneratorExit here, which isn't caught and
      // therefore propagates -- no return value
      return done(0);
    }
  }

  static class CloseRaises {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        yieldValue(null);
      } catch (GeneratorExit e) {
        // pass
      }
      throw new IllegalStateException();
    }
  }

  // ------------------------------------------------------------------ GeneratorThrowTest

  static class ExceptionContextWithYieldInsideGenerator {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        throw new KeyError("a");
      } catch (RuntimeException e) {
        try {
          yieldValue(null);
        } catch (RuntimeException exc) {
          Trace.add(exc.getClass().getSimpleName());
          yieldValue("b");
        }
      }
      return done(null);
    }
  }

  static class ThrowAfterNoneExcType {
    @Coroutine
    static Gen<Object, Object, Object> g() {
      try {
        throw new KeyError(null);
      } catch (KeyError e) {
        // pass
      }
      try {
        yieldValue(null);
      } catch (RuntimeException e) {
        throw new IllegalStateException();
      }
      return done(null);
    }
  }

  // ------------------------------------------------------------------ tutorial_tests

  static class Tutorial {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      yieldValue(1);
      yieldValue(2);
      return done(null);
    }

    /** "return" also stops the generator. */
    @Coroutine
    static Gen<Object, Object, Object> fReturn() {
      yieldValue(1);
      if (true) {
        return done(null);
      }
      yieldValue(2); // never reached
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        return done(null);
      } catch (Throwable e) {
        yieldValue(1);
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        throw new StopIteration(null);
      } catch (Throwable e) {
        yieldValue(42);
      }
      return done(null);
    }

    @Coroutine
    @SuppressWarnings("finally")
    static Gen<Object, Object, Object> g3() {
      try {
        return done(null);
      } finally {
        yieldValue(1);
      }
    }

    @Coroutine
    static Gen<Object, Object, Object> yrange(int n) {
      for (int i = 0; i < n; i++) {
        yieldValue(i);
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> zrange(int n) {
      for (Object i : yrange(n)) {
        yieldValue(i);
      }
      return done(null);
    }
  }

  // ------------------------------------------------------------------ pep_tests

  static class Pep {
    /** Restriction: a generator cannot be resumed while it is actively running ("me"). */
    @Coroutine
    static Gen<Object, Object, Object> g() {
      Object i = Trace.gen("me").next();
      yieldValue(i);
      return done(null);
    }

    static int f() {
      int zero = 0;
      return 1 / zero;
    }

    /** Generators and exception propagation. */
    @Coroutine
    static Gen<Object, Object, Object> k() {
      yieldValue(f()); // the zero division exception propagates
      yieldValue(42); // and we'll never get here
      return done(null);
    }

    /** Try/Except/Finally. */
    @Coroutine
    static Gen<Object, Object, Object> tryExceptFinally() {
      int zero = 0;
      try {
        yieldValue(1);
        try {
          yieldValue(2);
          int unused = 1 / zero;
          yieldValue(3); // never get here
        } catch (ArithmeticException e) {
          yieldValue(4);
          yieldValue(5);
          throw e;
        } catch (Throwable e) {
          yieldValue(6);
        }
        yieldValue(7); // the "raise" above stops this
      } catch (Throwable e) {
        yieldValue(8);
      }
      yieldValue(9);
      try {
        int x = 12;
      } finally {
        yieldValue(10);
      }
      yieldValue(11);
      return done(null);
    }
  }

  // ------------------------------------------------------------------ email_tests

  static class Email {
    /** The difference between yielding None and returning it. */
    @Coroutine
    static Gen<Object, Object, Object> yieldNone() {
      for (int i = 0; i < 3; i++) {
        yieldValue(null);
      }
      yieldValue(null);
      return done(null);
    }

    /** Explicitly raising StopIteration acts like any other exception in try/except. */
    @Coroutine
    static Gen<Object, Object, Object> raiseStopIteration() {
      yieldValue(1);
      try {
        throw new StopIteration(null);
      } catch (Throwable e) {
        yieldValue(2);
      }
      yieldValue(3);
      return done(null);
    }
  }

  // ------------------------------------------------------------------ syntax_tests

  static class Syntax {
    @Coroutine
    static Gen<Object, Object, Object> nestedTry() {
      int zero = 0;
      try {
        try {
          yieldValue(12);
          int unused = 1 / zero;
        } catch (ArithmeticException e) {
          yieldValue(666);
        } catch (Throwable e) {
          try {
            int x = 12;
          } finally {
            yieldValue(12);
          }
        }
      } catch (Throwable e) {
        return done(null);
      }
      return done(null);
    }

    /** SF bug 567538: continue through a finally that yields. */
    @Coroutine
    static Gen<Object, Object, Object> continueFinally() {
      for (int i = 0; i < 3; i++) {
        try {
          continue;
        } finally {
          yieldValue(i);
        }
      }
      return done(null);
    }

    /** {@code lambda: (yield 1)}. */
    @Coroutine
    static Gen<Object, Object, Object> lambdaYield() {
      return done(yieldValue(1));
    }

    /** {@code lambda: ((yield 1), (yield 2))}. */
    @Coroutine
    static Gen<Object, Object, Object> lambdaTwoYields() {
      return done(Arrays.asList(yieldValue(1), yieldValue(2)));
    }
  }

  // ------------------------------------------------------------------ coroutine_tests

  static class CoroutineTests {
    /** Sending a value into a started generator. */
    @Coroutine
    static Gen<Object, Object, Object> printSent() {
      Trace.add(Trace.str(yieldValue(1)));
      yieldValue(2);
      return done(null);
    }

    /** Yield by itself yields None. */
    @Coroutine
    static Gen<Object, Object, Object> bareYield() {
      yieldValue(null);
      return done(null);
    }

    /** A yield expression with augmented assignment. */
    @Coroutine
    static Gen<Object, Integer, Object> coroutine(List<Object> seq) {
      int count = 0;
      while (count < 200) {
        count += Yield.<Integer>yieldValue(null);
        seq.add(count);
      }
      return done(null);
    }

    /** Now check some throw() conditions. */
    @Coroutine
    static Gen<Object, Object, Object> throwConditions() {
      while (true) {
        try {
          Trace.add(Trace.str(yieldValue(null)));
        } catch (IllegalArgumentException v) {
          Trace.add("caught ValueError (" + (v.getMessage() == null ? "" : v.getMessage()) + ")");
        }
      }
    }

    /** Now let's try closing a generator. */
    @Coroutine
    static Gen<Object, Object, Object> exiting() {
      try {
        yieldValue(null);
      } catch (GeneratorExit e) {
        Trace.add("exiting");
      }
      return done(null);
    }

    /** An even simpler generator. */
    @Coroutine
    static Gen<Object, Object, Object> simpler() {
      yieldValue(null);
      return done(null);
    }

    /** GeneratorExit is not caught by except Exception. */
    @Coroutine
    static Gen<Object, Object, Object> exceptException() {
      try {
        yieldValue(null);
      } catch (Exception e) {
        Trace.add("except");
      } finally {
        Trace.add("finally");
      }
      return done(null);
    }

    /** Now let's try some ill-behaved generators. */
    @Coroutine
    static Gen<Object, Object, Object> illBehaved() {
      try {
        yieldValue(null);
      } catch (GeneratorExit e) {
        yieldValue("foo!");
      }
      return done(null);
    }

    /** And errors thrown during closing should propagate. */
    @Coroutine
    static Gen<Object, Object, Object> fie() {
      try {
        yieldValue(null);
      } catch (GeneratorExit e) {
        throw new ClassCastException("fie!");
      }
      return done(null);
    }

    /**
     * {@code d[(yield "a")] = d[(yield "b")] = 27}. Python assigns a chained assignment's targets
     * left to right after evaluating the value; Java's {@code a = b = 27} assigns right to left,
     * so the Python order is written as two statements.
     */
    @Coroutine
    static Gen<Object, Integer, Object> subscripts(int[] d) {
      d[Yield.<Integer>yieldValue("a")] = 27;
      d[Yield.<Integer>yieldValue("b")] = 27;
      return done(null);
    }
  }
}
