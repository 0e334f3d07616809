package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements around suspensions: branches, every kind of loop, labeled jumps, return and throw.
 * Each generator yields what it does; the tests assert the exact yields, logs and result.
 */
class ControlFlowTest {
  static final String FLOW =
      """
      package cf;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;

      class Flow {
        /** Yields tag, then returns value: a suspension whose result the caller uses. */
        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        @Coroutine
        static Gen<String, Object, String> ifElse(int x) {
          String r;
          if (x > 0) {
            yieldValue("positive");
            r = "P";
          } else if (x < 0) {
            r = yieldFrom(step("negative", "N"));
          } else {
            r = "Z";
          }
          yieldValue("after " + r);
          return done(r);
        }

        @Coroutine
        static Gen<String, Object, String> ifWithoutElse(boolean b) {
          String r = "no";
          if (b) {
            r = yieldFrom(step("then", "yes"));
          }
          return done(r);
        }

        @Coroutine
        static Gen<String, Object, String> whileLoop(int n) {
          int i = 0;
          while (i < n) {
            yieldValue("w" + i);
            i++;
          }
          return done("i=" + i);
        }

        @Coroutine
        static Gen<String, Object, String> whileTrueWithBreak() {
          int i = 0;
          while (true) {
            i = yieldFrom(step("t" + i, i + 1));
            if (i == 3) {
              break;
            }
          }
          return done("broke at " + i);
        }

        @Coroutine
        static Gen<String, Object, String> doWhile(int n) {
          int i = 0;
          do {
            yieldValue("d" + i);
            i++;
          } while (i < n);
          return done("i=" + i);
        }

        @Coroutine
        static Gen<String, Object, Integer> forWithoutParts() {
          int i = 0;
          for (;;) {
            yieldValue("f" + i);
            if (++i == 2) {
              return done(i);
            }
          }
        }

        @Coroutine
        static Gen<String, Object, String> forEachArray(String[] items) {
          String last = "none";
          for (String s : items) {
            yieldValue(s.toUpperCase());
            last = s;
          }
          return done(last);
        }

        @Coroutine
        static Gen<String, Object, Integer> forEachIterable(List<Integer> xs) {
          int sum = 0;
          for (int x : xs) {
            sum += x;
            yieldValue("sum " + sum);
          }
          return done(sum);
        }

        @Coroutine
        static Gen<String, Object, String> forEachOverSuspendingSource() {
          String all = "";
          for (String s : yieldFrom(step("source", List.of("a", "b")))) {
            all += yieldFrom(step("item " + s, s + s));
          }
          return done(all);
        }

        @Coroutine
        static Gen<String, Object, String> labeledJumpsOutOfNestedLoops() {
          int count = 0;
          int i = -1;
          outer:
          while (++i < 3) {
            int j = -1;
            while (++j < 3) {
              if (j == 2) {
                continue outer;
              }
              if (i == 2) {
                break outer;
              }
              yieldValue(i + "" + j);
              count++;
            }
            Trace.log("never: the inner loop always continues the outer one");
          }
          return done("count=" + count);
        }

        @Coroutine
        static Gen<String, Object, String> unlabeledJumpsInCopiedStatements() {
          StringBuilder out = new StringBuilder();
          int i = -1;
          while (++i < 5) {
            yieldValue("i" + i);
            if (i == 1) {
              continue;
            }
            if (i == 3) {
              break;
            }
            for (int k = 0; k < 10; k++) {
              if (k == 2) {
                break;
              }
              out.append(i).append(k).append(' ');
            }
            switch (i) {
              case 0:
                out.append("zero ");
                break;
              case 2:
                out.append("two ");
                continue;
              default:
                out.append("other ");
            }
            out.append("end").append(i).append(' ');
          }
          return done(out.toString().trim());
        }

        @Coroutine
        static Gen<String, Object, String> returnFromInsideLoops(List<String> items, String stop) {
          for (String s : items) {
            int n = 0;
            while (n < 2) {
              yieldValue(s + n);
              if (s.equals(stop)) {
                return done("stopped at " + s + n);
              }
              n++;
            }
          }
          return done("ran out");
        }

        @Coroutine
        static Gen<String, Object, Integer> suspendingLoopConditions() {
          int n = 0;
          while (yieldFrom(step("while " + n, n < 2))) {
            n++;
          }
          do {
            n += 10;
          } while (yieldFrom(step("do " + n, n < 30)));
          return done(n);
        }

        @Coroutine
        static Gen<String, Object, String> copiedLoopInsideSuspendingLoop() {
          StringBuilder out = new StringBuilder();
          int i = 0;
          while (i < 2) {
            for (int k = 0; k < 2; k++) {
              out.append(i).append(k);
            }
            int k = 0;
            while (true) {
              if (k == 2) {
                break;
              }
              out.append(k++);
            }
            yieldValue(out.toString());
            i++;
          }
          return done(out.toString());
        }

        @Coroutine
        static Gen<String, Object, String> labeledWhileBreakFromSuspendingBranch() {
          int i = 0;
          loop:
          while (i < 10) {
            int j = 0;
            i++;
            while (j < 10) {
              if (yieldFrom(step(i + "," + j, i + j == 3))) {
                break loop;
              }
              j++;
              if (j == 2) {
                continue loop;
              }
            }
            Trace.log("unreachable");
          }
          return done("stopped at " + i);
        }

        @Coroutine
        static Gen<String, Object, String> labeledBlock(boolean leave) {
          String r = "start";
          block:
          {
            r = yieldFrom(step("in block", r + "-in"));
            if (leave) {
              break block;
            }
            r = r + "-rest";
          }
          return done(r);
        }

        @Coroutine
        static Gen<String, Object, String> returnSuspendingFromLoop(int limit) {
          int i = 0;
          while (true) {
            if (i == limit) {
              return done(yieldFrom(step("last", "limit " + i)));
            }
            yieldValue("i" + i);
            i++;
          }
        }

        @Coroutine
        static Gen<String, Object, String> throwAfterSuspension(boolean fail) {
          yieldValue("before");
          if (fail) {
            throw new IllegalArgumentException("failed after suspension");
          }
          return done("fine");
        }

        @Coroutine
        static Gen<String, Object, String> throwSuspendingMessage() {
          throw new IllegalStateException(yieldFrom(step("message", "from step")));
        }


        @Coroutine
        static Gen<String, Object, String> switchWithReturn(int x) {
          yieldValue("start");
          switch (x) {
            case 1:
              return done("one");
            case 2:
              x++;
              break;
            default:
              break;
          }
          String s = switch (x) {
            case 3 -> "three";
            default -> "other";
          };
          return done(s);
        }

        @Coroutine
        static Gen<String, Object, String> doWhileContinue() {
          int i = 0;
          String out = "";
          do {
            i++;
            if (i == 2) {
              continue;
            }
            out += yieldFrom(step("i" + i, i));
          } while (i < 4);
          return done(out);
        }

        @Coroutine
        static Gen<String, Object, String> whileContinueInSuspendingBranch() {
          int i = 0;
          String out = "";
          while (i < 4) {
            i++;
            if (yieldFrom(step("check" + i, i % 2 == 0))) {
              continue;
            }
            out += i;
          }
          return done(out);
        }
      }
      """;

  /**
   * Basic for loops whose body suspends. Kept apart from {@link #FLOW} so that a failure to
   * compile one of them does not hide the other tests.
   */
  static final String FOR =
      """
      package cf;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;

      class ForLoops {
        @Coroutine
        static <T> Gen<String, Object, T> step(String tag, T value) {
          yieldValue(tag);
          return done(value);
        }

        @Coroutine
        static Gen<String, Object, String> forLoop() {
          StringBuilder seen = new StringBuilder();
          for (int i = 0, j = 10; i < j; i++, j -= 3) {
            yieldValue(i + ":" + j);
            seen.append(i).append(j).append(' ');
          }
          return done(seen.toString().trim());
        }

        @Coroutine
        static Gen<String, Object, String> labeledJumpsOutOfNestedLoops() {
          int count = 0;
          outer:
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
              if (j == 2) {
                continue outer;
              }
              if (i == 2) {
                break outer;
              }
              yieldValue(i + "" + j);
              count++;
            }
            Trace.log("never: inner loop always continues outer");
          }
          return done("count=" + count);
        }

        @Coroutine
        static Gen<String, Object, String> returnFromInsideForLoops(List<String> items, String stop) {
          for (String s : items) {
            for (int n = 0; n < 2; n++) {
              yieldValue(s + n);
              if (s.equals(stop)) {
                return done("stopped at " + s + n);
              }
            }
          }
          return done("ran out");
        }

        @Coroutine
        static Gen<String, Object, Integer> suspendingForCondition() {
          int n = 0;
          for (int i = 0; yieldFrom(step("for " + i, i < 2)); i++) {
            n += 100;
          }
          return done(n);
        }

        @Coroutine
        static Gen<String, Object, Integer> forUpdateThatSuspends() {
          int n = 0;
          for (int i = 0; i < 3; i = yieldFrom(step("update " + i, i + 1))) {
            n += i;
          }
          return done(n);
        }
      }
      """;


  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Compiled flow() {
    return CoroutineCompiler.shared(FLOW);
  }

  private static Object run(String method, Object... arguments) {
    Gen<?, ?, ?> generator = flow().call("cf.FlowCoroutines", method, arguments);
    return Drive.all(generator);
  }

  private static Object runFor(String method, Object... arguments) {
    Gen<?, ?, ?> generator =
        CoroutineCompiler.shared(FOR).call("cf.ForLoopsCoroutines", method, arguments);
    return Drive.all(generator);
  }

  @Test
  void ifElseTakesOneBranch() {
    assertThat(run("ifElse", 5)).isEqualTo("P");
    assertThat(Trace.take()).containsExactly("yield positive", "yield after P").inOrder();
    assertThat(run("ifElse", -5)).isEqualTo("N");
    assertThat(Trace.take()).containsExactly("yield negative", "yield after N").inOrder();
    assertThat(run("ifElse", 0)).isEqualTo("Z");
    assertThat(Trace.take()).containsExactly("yield after Z");
  }

  @Test
  void ifWithoutElse() {
    assertThat(run("ifWithoutElse", true)).isEqualTo("yes");
    assertThat(Trace.take()).containsExactly("yield then");
    assertThat(run("ifWithoutElse", false)).isEqualTo("no");
    assertThat(Trace.take()).isEmpty();
  }

  @Test
  void whileLoop() {
    assertThat(run("whileLoop", 3)).isEqualTo("i=3");
    assertThat(Trace.take()).containsExactly("yield w0", "yield w1", "yield w2").inOrder();
    assertThat(run("whileLoop", 0)).isEqualTo("i=0");
    assertThat(Trace.take()).isEmpty();
  }

  @Test
  void whileTrueWithBreak() {
    assertThat(run("whileTrueWithBreak")).isEqualTo("broke at 3");
    assertThat(Trace.take()).containsExactly("yield t0", "yield t1", "yield t2").inOrder();
  }

  @Test
  void doWhileRunsTheBodyBeforeTheCondition() {
    assertThat(run("doWhile", 2)).isEqualTo("i=2");
    assertThat(Trace.take()).containsExactly("yield d0", "yield d1").inOrder();
    assertThat(run("doWhile", 0)).isEqualTo("i=1");
    assertThat(Trace.take()).containsExactly("yield d0");
  }

  @Test
  void forLoopWithSeveralInitializersAndUpdates() {
    assertThat(runFor("forLoop")).isEqualTo("010 17 24");
    assertThat(Trace.take()).containsExactly("yield 0:10", "yield 1:7", "yield 2:4").inOrder();
  }

  @Test
  void forLoopWithoutInitializerConditionOrUpdate() {
    assertThat(run("forWithoutParts")).isEqualTo(2);
    assertThat(Trace.take()).containsExactly("yield f0", "yield f1").inOrder();
  }

  @Test
  void enhancedForOverAnArray() {
    assertThat(run("forEachArray", (Object) new String[] {"a", "b", "c"})).isEqualTo("c");
    assertThat(Trace.take()).containsExactly("yield A", "yield B", "yield C").inOrder();
    assertThat(run("forEachArray", (Object) new String[0])).isEqualTo("none");
    assertThat(Trace.take()).isEmpty();
  }

  @Test
  void enhancedForOverAnIterableWithUnboxing() {
    assertThat(run("forEachIterable", List.of(1, 2, 3))).isEqualTo(6);
    assertThat(Trace.take()).containsExactly("yield sum 1", "yield sum 3", "yield sum 6").inOrder();
  }

  @Test
  void enhancedForWhoseSourceSuspends() {
    assertThat(run("forEachOverSuspendingSource")).isEqualTo("aabb");
    assertThat(Trace.take())
        .containsExactly("yield source", "yield item a", "yield item b")
        .inOrder();
  }

  @Test
  void labeledBreakAndContinueOutOfNestedLoops() {
    assertThat(run("labeledJumpsOutOfNestedLoops")).isEqualTo("count=4");
    assertThat(Trace.take())
        .containsExactly("yield 00", "yield 01", "yield 10", "yield 11")
        .inOrder();
  }

  @Test
  void labeledJumpsFromASuspendingBranch() {
    assertThat(run("labeledWhileBreakFromSuspendingBranch")).isEqualTo("stopped at 2");
    assertThat(Trace.take())
        .containsExactly("yield 1,0", "yield 1,1", "yield 2,0", "yield 2,1")
        .inOrder();
  }

  @Test
  void unlabeledBreakAndContinueInsideCopiedLoopsAndSwitches() {
    assertThat(run("unlabeledJumpsInCopiedStatements"))
        .isEqualTo("00 01 zero end0 20 21 two");
    assertThat(Trace.take())
        .containsExactly("yield i0", "yield i1", "yield i2", "yield i3")
        .inOrder();
  }

  @Test
  void breakOutOfALabeledBlock() {
    assertThat(run("labeledBlock", true)).isEqualTo("start-in");
    assertThat(Trace.take()).containsExactly("yield in block");
    assertThat(run("labeledBlock", false)).isEqualTo("start-in-rest");
    assertThat(Trace.take()).containsExactly("yield in block");
  }

  @Test
  void returnFromInsideNestedLoops() {
    assertThat(run("returnFromInsideLoops", List.of("a", "b", "c"), "b")).isEqualTo("stopped at b0");
    assertThat(Trace.take()).containsExactly("yield a0", "yield a1", "yield b0").inOrder();
    assertThat(run("returnFromInsideLoops", List.of("a"), "z")).isEqualTo("ran out");
    assertThat(Trace.take()).containsExactly("yield a0", "yield a1").inOrder();
  }

  @Test
  void returnOfASuspendingExpressionFromAnEndlessLoop() {
    assertThat(run("returnSuspendingFromLoop", 2)).isEqualTo("limit 2");
    assertThat(Trace.take()).containsExactly("yield i0", "yield i1", "yield last").inOrder();
  }

  @Test
  void throwAfterASuspensionEndsTheGenerator() {
    Gen<?, ?, ?> generator = flow().call("cf.FlowCoroutines", "throwAfterSuspension", true);
    assertThat(generator.next()).isEqualTo("before");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, generator::next);
    assertThat(e).hasMessageThat().isEqualTo("failed after suspension");
    assertThat(generator.isDone()).isTrue();
    assertThat(run("throwAfterSuspension", false)).isEqualTo("fine");
  }

  @Test
  void throwOfASuspendingExpression() {
    Gen<?, ?, ?> generator = flow().call("cf.FlowCoroutines", "throwSuspendingMessage");
    assertThat(generator.next()).isEqualTo("message");
    IllegalStateException e = assertThrows(IllegalStateException.class, generator::next);
    assertThat(e).hasMessageThat().isEqualTo("from step");
  }

  @Test
  void suspendingConditionsOfWhileDoWhileAndFor() {
    assertThat(run("suspendingLoopConditions")).isEqualTo(32);
    assertThat(Trace.take())
        .containsExactly(
            "yield while 0", "yield while 1", "yield while 2",
            "yield do 12", "yield do 22", "yield do 32")
        .inOrder();
  }

  @Test
  void suspendingConditionOfFor() {
    assertThat(runFor("suspendingForCondition")).isEqualTo(200);
    assertThat(Trace.take()).containsExactly("yield for 0", "yield for 1", "yield for 2").inOrder();
  }

  @Test
  void suspendingUpdateOfFor() {
    assertThat(runFor("forUpdateThatSuspends")).isEqualTo(3);
    assertThat(Trace.take()).containsExactly("yield update 0", "yield update 1", "yield update 2").inOrder();
  }

  @Test
  void labeledBreakAndContinueOutOfNestedForLoops() {
    assertThat(runFor("labeledJumpsOutOfNestedLoops")).isEqualTo("count=4");
    assertThat(Trace.take())
        .containsExactly("yield 00", "yield 01", "yield 10", "yield 11")
        .inOrder();
  }

  @Test
  void returnFromInsideNestedForLoops() {
    assertThat(runFor("returnFromInsideForLoops", List.of("a", "b", "c"), "b"))
        .isEqualTo("stopped at b0");
    assertThat(Trace.take()).containsExactly("yield a0", "yield a1", "yield b0").inOrder();
  }

  @Test
  void loopWithoutSuspensionInsideASuspendingLoop() {
    assertThat(run("copiedLoopInsideSuspendingLoop")).isEqualTo("000101101101");
    assertThat(Trace.take()).containsExactly("yield 000101", "yield 000101101101").inOrder();
  }

  @Test
  void copiedSwitchStatementWithReturnAndSwitchExpression() {
    assertThat(run("switchWithReturn", 1)).isEqualTo("one");
    assertThat(Trace.take()).containsExactly("yield start");
    assertThat(run("switchWithReturn", 3)).isEqualTo("three");
    assertThat(run("switchWithReturn", 2)).isEqualTo("three"); // case 2 increments x
    assertThat(run("switchWithReturn", 4)).isEqualTo("other");
  }

  @Test
  void continueInADoWhileGoesToTheCondition() {
    assertThat(run("doWhileContinue")).isEqualTo("134");
    assertThat(Trace.take()).containsExactly("yield i1", "yield i3", "yield i4").inOrder();
  }

  @Test
  void continueFromASuspendingCondition() {
    assertThat(run("whileContinueInSuspendingBranch")).isEqualTo("13");
    assertThat(Trace.take())
        .containsExactly("yield check1", "yield check2", "yield check3", "yield check4")
        .inOrder();
  }
}
