package cpython;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static dev.yieldfrom.runtime.Yield.yieldValue;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.processor.cpython.Errors.LunchError;
import dev.yieldfrom.processor.cpython.Errors.MyErr;
import dev.yieldfrom.processor.cpython.Trace;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.GeneratorExit;
import dev.yieldfrom.runtime.StopIteration;
import java.util.List;

/**
 * Generator templates of the ports of CPython's Lib/test/test_pep380.py (renamed
 * test_yield_from.py in 3.13): one nested class per Python test, named after it. Python's
 * {@code trace.append(...)} is {@link Trace#add}; {@code "%s" % (x,)} is {@link Trace#str} and
 * {@code %r} is {@link Trace#repr}. ValueError is IllegalArgumentException.
 */
class Pep380 {
  private Pep380() {}

  // ------------------------------------------------------------------ TestPEP380Operation

  static class DelegationOfInitialNextToSubgenerator {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("Starting g1");
      yieldFrom(g2());
      Trace.add("Finishing g1");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      Trace.add("Starting g2");
      yieldValue(42);
      Trace.add("Finishing g2");
      return done(null);
    }
  }

  static class RaisingExceptionInInitialNextCall {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldFrom(g2());
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        throw new IllegalArgumentException("spanish inquisition occurred");
      } finally {
        Trace.add("Finishing g2");
      }
    }
  }

  static class DelegationOfNextCallToSubgenerator {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("Starting g1");
      yieldValue("g1 ham");
      yieldFrom(g2());
      yieldValue("g1 eggs");
      Trace.add("Finishing g1");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      Trace.add("Starting g2");
      yieldValue("g2 spam");
      yieldValue("g2 more spam");
      Trace.add("Finishing g2");
      return done(null);
    }
  }

  static class RaisingExceptionInDelegatedNextCall {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldValue("g1 ham");
        yieldFrom(g2());
        yieldValue("g1 eggs");
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        yieldValue("g2 spam");
        if (true) {
          throw new IllegalArgumentException("hovercraft is full of eels");
        }
        yieldValue("g2 more spam");
      } finally {
        Trace.add("Finishing g2");
      }
      return done(null);
    }
  }

  static class DelegationOfSend {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("Starting g1");
      Object x = yieldValue("g1 ham");
      Trace.add("g1 received " + Trace.str(x));
      yieldFrom(g2());
      x = yieldValue("g1 eggs");
      Trace.add("g1 received " + Trace.str(x));
      Trace.add("Finishing g1");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      Trace.add("Starting g2");
      Object x = yieldValue("g2 spam");
      Trace.add("g2 received " + Trace.str(x));
      x = yieldValue("g2 more spam");
      Trace.add("g2 received " + Trace.str(x));
      Trace.add("Finishing g2");
      return done(null);
    }
  }

  static class HandlingExceptionWhileDelegatingSend {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("Starting g1");
      Object x = yieldValue("g1 ham");
      Trace.add("g1 received " + Trace.str(x));
      yieldFrom(g2());
      x = yieldValue("g1 eggs");
      Trace.add("g1 received " + Trace.str(x));
      Trace.add("Finishing g1");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      Trace.add("Starting g2");
      Object x = yieldValue("g2 spam");
      Trace.add("g2 received " + Trace.str(x));
      if (true) {
        throw new IllegalArgumentException("hovercraft is full of eels");
      }
      x = yieldValue("g2 more spam");
      Trace.add("g2 received " + Trace.str(x));
      Trace.add("Finishing g2");
      return done(null);
    }
  }

  static class DelegatingClose {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldValue("g1 ham");
        yieldFrom(g2());
        yieldValue("g1 eggs");
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        yieldValue("g2 spam");
        yieldValue("g2 more spam");
      } finally {
        Trace.add("Finishing g2");
      }
      return done(null);
    }
  }

  static class HandingExceptionWhileDelegatingClose {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldValue("g1 ham");
        yieldFrom(g2());
        yieldValue("g1 eggs");
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        yieldValue("g2 spam");
        yieldValue("g2 more spam");
      } finally {
        Trace.add("Finishing g2");
        if (true) {
          throw new IllegalArgumentException("nybbles have exploded with delight");
        }
      }
      return done(null);
    }
  }

  static class DelegatingThrow {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldValue("g1 ham");
        yieldFrom(g2());
        yieldValue("g1 eggs");
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        yieldValue("g2 spam");
        yieldValue("g2 more spam");
      } finally {
        Trace.add("Finishing g2");
      }
      return done(null);
    }
  }

  static class ExceptionValueCrash {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      yieldFrom(g2());
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      yieldValue("g2");
      return done(List.of(42));
    }
  }

  static class GeneratorReturnValue {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("Starting g1");
      yieldValue("g1 ham");
      Object ret = yieldFrom(g2(null));
      Trace.add("g2 returned " + Trace.repr(ret));
      for (Object v : new Object[] {1, List.of(2), new StopIteration(3)}) {
        ret = yieldFrom(g2(v));
        Trace.add("g2 returned " + Trace.repr(ret));
      }
      yieldValue("g1 eggs");
      Trace.add("Finishing g1");
      return done(null);
    }

    /** Python's {@code g2(v=None)}: call it with null for the default. */
    @Coroutine
    static Gen<Object, Object, Object> g2(Object v) {
      Trace.add("Starting g2");
      yieldValue("g2 spam");
      yieldValue("g2 more spam");
      Trace.add("Finishing g2");
      if (v != null) {
        return done(v);
      }
      return done(null);
    }
  }

  static class ExceptionInInitialNextCall {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("g1 about to yield from g2");
      yieldFrom(g2());
      Trace.add("g1 should not be here");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      int zero = 0;
      yieldValue(1 / zero);
      return done(null);
    }
  }

  /** g2 delegates to the generator the test stores as "gi": g1 itself, which is running. */
  static class AttemptedYieldFromLoop {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      Trace.add("g1: starting");
      yieldValue("y1");
      Trace.add("g1: about to yield from g2");
      yieldFrom(g2());
      Trace.add("g1 should not be here");
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      Trace.add("g2: starting");
      yieldValue("y2");
      Trace.add("g2: about to yield from g1");
      yieldFrom(Trace.gen("gi"));
      Trace.add("g2 should not be here");
      return done(null);
    }
  }

  static class ReturningValueFromDelegatedThrow {
    @Coroutine
    static Gen<Object, Object, Object> g1() {
      try {
        Trace.add("Starting g1");
        yieldValue("g1 ham");
        yieldFrom(g2());
        yieldValue("g1 eggs");
      } finally {
        Trace.add("Finishing g1");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g2() {
      try {
        Trace.add("Starting g2");
        yieldValue("g2 spam");
        yieldValue("g2 more spam");
      } catch (LunchError e) {
        Trace.add("Caught LunchError in g2");
        yieldValue("g2 lunch saved");
        yieldValue("g2 yet more spam");
      }
      return done(null);
    }
  }

  static class NextAndReturnWithValue {
    @Coroutine
    static Gen<Object, Object, Object> g(Object r) {
      Trace.add("g starting");
      yieldValue(null);
      Trace.add("g returning " + Trace.repr(r));
      return done(r);
    }
  }

  static class SendAndReturnWithValue {
    @Coroutine
    static Gen<Object, Object, Object> g(Object r) {
      Trace.add("g starting");
      Object x = yieldValue(null);
      Trace.add("g received " + Trace.repr(x));
      Trace.add("g returning " + Trace.repr(r));
      return done(r);
    }
  }

  static class CatchingExceptionFromSubgenAndReturning {
    @Coroutine
    static Gen<Object, Object, Object> inner(Object value) {
      try {
        yieldValue(1);
      } catch (IllegalArgumentException e) {
        Trace.add("inner caught ValueError");
      }
      return done(value);
    }

    @Coroutine
    static Gen<Object, Object, Object> outer(Object value) {
      Object v = yieldFrom(inner(value));
      Trace.add("inner returned " + Trace.repr(v) + " to outer");
      yieldValue(v);
      return done(null);
    }
  }

  static class ThrowingGeneratorExitIntoSubgenThatReturns {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        Trace.add("Enter f");
        yieldValue(null);
        Trace.add("Exit f");
      } catch (GeneratorExit e) {
        return done(null);
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g() {
      Trace.add("Enter g");
      yieldFrom(f());
      Trace.add("Exit g");
      return done(null);
    }
  }

  static class ThrowingGeneratorExitIntoSubgeneratorThatYields {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        Trace.add("Enter f");
        yieldValue(null);
        Trace.add("Exit f");
      } catch (GeneratorExit e) {
        yieldValue(null);
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g() {
      Trace.add("Enter g");
      yieldFrom(f());
      Trace.add("Exit g");
      return done(null);
    }
  }

  static class ThrowingGeneratorExitIntoSubgenThatRaises {
    @Coroutine
    static Gen<Object, Object, Object> f() {
      try {
        Trace.add("Enter f");
        yieldValue(null);
        Trace.add("Exit f");
      } catch (GeneratorExit e) {
        throw new IllegalArgumentException("Vorpal bunny encountered");
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> g() {
      Trace.add("Enter g");
      yieldFrom(f());
      Trace.add("Exit g");
      return done(null);
    }
  }

  /** Python's {@code yield from ()}: here, delegation to a generator that yields nothing. */
  static class YieldFromEmpty {
    @Coroutine
    static Gen<Object, Object, Object> g() {
      yieldFrom(empty());
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> empty() {
      return done(null);
    }

    /** Delegation to a generator the test has already exhausted. */
    @Coroutine
    static Gen<Object, Object, Object> delegateTo(Gen<Object, Object, Object> inner) {
      Object r = yieldFrom(inner);
      Trace.add(Trace.repr(r));
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> returnsFive() {
      return done(5);
    }
  }

  /** two() delegates to the generator the test stores as "g1": one(), which is running. */
  static class DelegatingGeneratorsClaimToBeRunning {
    @Coroutine
    static Gen<Object, Object, Object> one() {
      yieldValue(0);
      yieldFrom(two());
      yieldValue(3);
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> two() {
      yieldValue(1);
      try {
        yieldFrom(Trace.gen("g1"));
      } catch (IllegalStateException e) {
        // Python: except ValueError: pass
      }
      yieldValue(2);
      return done(null);
    }
  }

  static class DelegatingGeneratorsClaimToBeRunningWithThrow {
    @Coroutine
    static Gen<Object, Object, Object> one() {
      try {
        yieldValue(0);
      } catch (MyErr e) {
        // pass
      }
      yieldFrom(two());
      try {
        yieldValue(3);
      } catch (MyErr e) {
        // pass
      }
      return done(null);
    }

    @Coroutine
    static Gen<Object, Object, Object> two() {
      try {
        yieldValue(1);
      } catch (MyErr e) {
        // pass
      }
      try {
        yieldFrom(Trace.gen("g1"));
      } catch (IllegalStateException e) {
        // Python: except ValueError: pass
      }
      try {
        yieldValue(2);
      } catch (MyErr e) {
        // pass
      }
      return done(null);
    }
  }

  // ------------------------------------------------------------------ TestInterestingEdgeCases

  /** test_close_and_throw_work. */
  static class CloseAndThrowWork {
    @Coroutine
    static Gen<Object, Object, Object> inner(Object first, Object second, Object returned) {
      yieldValue(first);
      yieldValue(second);
      return done(returned);
    }

    @Coroutine
    static Gen<Object, Object, Object> outer(Object first, Object second, Object returned) {
      return done(yieldFrom(inner(first, second, returned)));
    }
  }

  /**
   * The inner() shared by test_close_and_throw_raise_generator_exit, _raise_stop_iteration,
   * _raise_base_exception and _raise_exception: its finally raises {@code raised}.
   */
  static class CloseAndThrowRaise {
    @Coroutine
    static Gen<Object, Object, Object> inner(
        Object first, Object second, Object returned, Throwable raised) {
      try {
        yieldValue(first);
        yieldValue(second);
        return done(returned);
      } finally {
        if (true) {
          throw Trace.sneak(raised);
        }
      }
    }

    @Coroutine
    static Gen<Object, Object, Object> outer(
        Object first, Object second, Object returned, Throwable raised) {
      return done(yieldFrom(inner(first, second, returned, raised)));
    }
  }

  /** test_close_and_throw_yield. */
  static class CloseAndThrowYield {
    @Coroutine
    static Gen<Object, Object, Object> inner(Object first, Object second, Object returned) {
      try {
        yieldValue(first);
      } finally {
        yieldValue(second);
      }
      return done(returned);
    }

    @Coroutine
    static Gen<Object, Object, Object> outer(Object first, Object second, Object returned) {
      return done(yieldFrom(inner(first, second, returned)));
    }
  }

  /** test_close_and_throw_return. */
  static class CloseAndThrowReturn {
    @Coroutine
    @SuppressWarnings("finally")
    static Gen<Object, Object, Object> inner(Object first, Object second, Object returned) {
      try {
        yieldValue(first);
        yieldValue(second);
      } finally {
        return done(returned);
      }
    }

    @Coroutine
    static Gen<Object, Object, Object> outer(Object first, Object second, Object returned) {
      return done(yieldFrom(inner(first, second, returned)));
    }
  }
}
