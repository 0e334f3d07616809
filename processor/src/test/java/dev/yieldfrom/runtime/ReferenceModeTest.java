package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static dev.yieldfrom.runtime.Yield.yieldValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference mode: template bodies (plain methods written with the helpers, as a {@code @Coroutine}
 * body would be) run on their own thread and behave as the generator protocol says.
 */
class ReferenceModeTest {
  /** Written as a template would be; the yieldfrom processor does not run on this code. */
  static Gen<Integer, Integer, Integer> counter(List<String> log, int n) {
    int total = 0;
    try {
      for (int i = 0; i < n; i++) {
        Integer sent = yieldValue(i);
        log.add("got " + sent);
        if (sent != null) {
          total += sent;
        }
      }
    } catch (IllegalArgumentException e) {
      log.add("caught " + e.getMessage());
      total = -1;
    } finally {
      log.add("finally");
    }
    return done(total);
  }

  static Gen<Integer, Integer, Integer> outer(List<String> log) {
    log.add("outer start");
    int a = yieldFrom(counter(log, 2));
    log.add("outer got " + a);
    int b = yieldFrom(counter(log, 1));
    return done(a * 100 + b);
  }

  static Gen<Integer, Integer, Integer> delegating(List<String> log, Gen<Integer, Integer, Integer> inner) {
    log.add("delegating");
    try {
      int r = yieldFrom(inner);
      log.add("inner returned " + r);
      return done(r + 1);
    } finally {
      log.add("delegating finally");
    }
  }

  @Test
  void yieldsSendsAndReturns() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> counter(log, 3));
    assertTrue(log.isEmpty(), "nothing runs before the first resume");
    assertEquals(0, gen.next());
    assertEquals(1, gen.send(10));
    assertEquals(2, gen.send(20));
    StopIteration stop = assertThrows(StopIteration.class, () -> gen.send(5));
    assertEquals(35, stop.value());
    assertTrue(gen.isDone());
    assertEquals(35, gen.result());
    assertEquals(List.of("got 10", "got 20", "got 5", "finally"), log);
    awaitThreadEnd(gen);
  }

  @Test
  void throwIntoIsRaisedAtTheSuspension() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> counter(log, 3));
    gen.next();
    StopIteration stop =
        assertThrows(StopIteration.class, () -> gen.throwInto(new IllegalArgumentException("x")));
    assertEquals(-1, stop.value());
    assertEquals(List.of("caught x", "finally"), log);

    List<String> log2 = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen2 = ReferenceMode.generator(() -> counter(log2, 3));
    gen2.next();
    UnsupportedOperationException thrown = new UnsupportedOperationException("y");
    assertSame(thrown, assertThrows(UnsupportedOperationException.class, () -> gen2.throwInto(thrown)));
    assertEquals(List.of("finally"), log2);
    assertTrue(gen2.isDone());
    awaitThreadEnd(gen);
    awaitThreadEnd(gen2);
  }

  @Test
  void closeRunsFinallyAndEndsTheThread() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> counter(log, 3));
    gen.next();
    gen.close();
    assertTrue(gen.isDone());
    assertEquals(List.of("finally"), log);
    awaitThreadEnd(gen);
  }

  @Test
  void aGeneratorThatIsNeverStartedHasNoThread() {
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> counter(new ArrayList<>(), 3));
    gen.close();
    assertFalse(ReferenceMode.isThreadAlive(gen));
    assertThrows(IllegalStateException.class, () -> ReferenceMode.generator(() -> counter(new ArrayList<>(), 1)).send(3));
  }

  @Test
  void calleeTemplatesRunInline() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> outer(log));
    List<Integer> yielded = new ArrayList<>();
    yielded.add(gen.next());
    yielded.add(gen.send(3));
    yielded.add(gen.send(4));
    StopIteration stop = assertThrows(StopIteration.class, () -> gen.send(6));
    assertEquals(List.of(0, 1, 0), yielded);
    assertEquals(706, stop.value());
    assertEquals(
        List.of("outer start", "got 3", "got 4", "finally", "outer got 7", "got 6", "finally"), log);
    assertNull(ReferenceMode.unmodeled(gen));
    awaitThreadEnd(gen);
  }

  @Test
  void yieldFromARealGeneratorFollowsPep380() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> inner = handWritten(log);
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> delegating(log, inner));
    assertEquals(1, gen.next());
    assertEquals(2, gen.send(7));
    assertEquals(3, gen.throwInto(new IllegalArgumentException("t")));
    StopIteration stop = assertThrows(StopIteration.class, () -> gen.send(9));
    assertEquals(10, stop.value());
    assertEquals(
        List.of(
            "delegating",
            "hand sent 7",
            "hand caught t",
            "hand sent 9",
            "inner returned 9",
            "delegating finally"),
        log);
    awaitThreadEnd(gen);
  }

  @Test
  void closeClosesTheInnerGeneratorFirst() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> inner = handWritten(log);
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> delegating(log, inner));
    gen.next();
    gen.close();
    assertTrue(inner.isDone());
    assertEquals(List.of("delegating", "hand closed", "delegating finally"), log);
    awaitThreadEnd(gen);
  }

  @Test
  void exceptionsOfTheBodyLeaveSend() {
    Gen<Integer, Integer, Integer> gen =
        ReferenceMode.generator(
            () -> {
              throw new IllegalStateException("template failed");
            });
    IllegalStateException failure = assertThrows(IllegalStateException.class, gen::next);
    assertEquals("template failed", failure.getMessage());
    assertTrue(gen.isDone());
  }

  @Test
  void helpersStillFailOutsideReferenceMode() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> counter(new ArrayList<>(), 1));
    assertTrue(failure.getMessage().startsWith("yieldValue() ran inside the template ReferenceModeTest.counter()"),
        failure.getMessage());
    assertThrows(IllegalStateException.class, () -> done(1));
    assertFalse(ReferenceMode.isActive());
  }

  static Gen<Integer, Integer, Integer> stubborn(List<String> log) {
    for (int i = 0; i < 1000; i++) {
      try {
        yieldValue(i);
      } catch (GeneratorExit ignored) {
        log.add("ignored close " + i);
      }
    }
    return done(0);
  }

  @Test
  void abandonEndsTheThreadOfAGeneratorThatWillNotClose() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> stubborn(log));
    gen.next();
    assertThrows(IllegalStateException.class, gen::close);
    assertTrue(ReferenceMode.isThreadAlive(gen));
    assertTrue(ReferenceMode.abandon(gen));
    assertFalse(ReferenceMode.isThreadAlive(gen));
  }

  static Gen<Integer, Integer, Integer> callee(List<String> log) {
    try {
      yieldValue(1);
    } finally {
      log.add("callee finally");
      yieldValue(2);
    }
    return done(0);
  }

  static Gen<Integer, Integer, Integer> caller(List<String> log) {
    try {
      return done(yieldFrom(callee(log)));
    } catch (IllegalStateException e) {
      log.add("caller caught " + e.getMessage());
      return done(-1);
    }
  }

  @Test
  void aSuspensionWhileCloseUnwindsACalleeIsMarkedUnmodeled() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> caller(log));
    gen.next();
    assertNull(ReferenceMode.unmodeled(gen));
    // PEP 380 would raise "generator ignored GeneratorExit" in caller; inline, the yield leaves.
    assertThrows(IllegalStateException.class, gen::close);
    assertNotNull(ReferenceMode.unmodeled(gen));
    ReferenceMode.abandon(gen);
  }

  @Test
  void aCloseAtTheOutermostTemplateIsModeled() {
    List<String> log = new ArrayList<>();
    Gen<Integer, Integer, Integer> gen = ReferenceMode.generator(() -> callee(log));
    gen.next();
    assertThrows(IllegalStateException.class, gen::close);
    assertNull(ReferenceMode.unmodeled(gen));
    gen.close();
    assertTrue(gen.isDone());
    assertEquals(List.of("callee finally"), log);
    awaitThreadEnd(gen);
  }

  static Co<String> awaiting(Future<String> future) {
    String value = yieldFrom(future);
    return done("got " + value);
  }

  @Test
  void awaitsFuturesOnAnEventLoop() {
    EventLoop loop = EventLoop.create();
    try {
      Future<String> future = loop.createFuture();
      loop.callSoon(() -> future.setResult("v"));
      assertEquals("got v", loop.runUntilComplete(ReferenceMode.coroutine(() -> awaiting(future))));
    } finally {
      loop.close();
    }
  }

  @Test
  void anUnreachableSuspendedGeneratorIsAbandoned() throws InterruptedException {
    Thread[] thread = new Thread[1];
    Runnable start =
        () -> {
          Gen<Integer, Integer, Integer> gen =
              ReferenceMode.generator(
                  () -> {
                    thread[0] = Thread.currentThread();
                    return stubborn(new ArrayList<>());
                  });
          gen.next();
        };
    start.run();
    for (int i = 0; i < 200 && thread[0].isAlive(); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertFalse(thread[0].isAlive());
  }

  /** A hand-written generator: yields 1, 2, 3 and returns the last value sent. */
  private static Gen<Integer, Integer, Integer> handWritten(List<String> log) {
    return new Gen<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (thrown instanceof GeneratorExit) {
          log.add("hand closed");
          throw thrown;
        }
        if (thrown != null) {
          log.add("hand caught " + thrown.getMessage());
        } else if (state > 0) {
          log.add("hand sent " + sent);
        }
        if (state == 3) {
          return returnValue(sent);
        }
        state++;
        return state;
      }
    };
  }

  private static void awaitThreadEnd(Gen<?, ?, ?> gen) {
    for (int i = 0; i < 500 && ReferenceMode.isThreadAlive(gen); i++) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertFalse(ReferenceMode.isThreadAlive(gen), "the reference thread ended");
  }
}
