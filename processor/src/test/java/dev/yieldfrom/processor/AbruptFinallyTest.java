package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A try without a suspension holding a break or continue to a lowered loop, whose finally cannot
 * complete normally: the finally's throw, break or continue wins over the jump, as in Java.
 */
class AbruptFinallyTest {
  static final String SOURCE =
      """
      package af;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;

      class Abrupt {
        @Coroutine
        static Gen<Integer, Object, String> throwingFinally() {
          for (int i = 0; i < 3; i++) {
            yieldValue(i);
            try {
              if (i == 1) {
                break;
              }
            } finally {
              if (i >= 1) {
                throw new IllegalStateException("finally " + i);
              }
              Trace.log("finally " + i + " completes");
            }
          }
          return done("end");
        }

        @Coroutine
        static Gen<Integer, Object, String> breakingFinally() {
          outer:
          for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
              yieldValue(10 * j + i);
              try {
                continue outer;
              } finally {
                break;
              }
            }
            Trace.log("after inner " + j);
          }
          return done("end");
        }

        @Coroutine
        static Gen<Integer, Object, String> continuingFinally() {
          for (int i = 0; i < 5; i++) {
            yieldValue(i);
            try {
              if (i < 5) {
                break;
              }
            } finally {
              if (i < 2) {
                continue;
              }
            }
            Trace.log("unreached " + i);
          }
          return done("end");
        }
      }
      """;

  @BeforeEach
  void clear() {
    Trace.clear();
  }

  private static Gen<Integer, Object, String> gen(String name) {
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    return compiled.call("af.AbruptCoroutines", name);
  }

  private static List<Integer> drain(Gen<Integer, Object, String> gen) {
    List<Integer> values = new ArrayList<>();
    gen.forEach(values::add);
    return values;
  }

  @Test
  void aThrowingFinallyWinsOverTheBreak() {
    Gen<Integer, Object, String> gen = gen("throwingFinally");
    List<Integer> values = new ArrayList<>();
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> gen.forEach(values::add));
    assertThat(failure).hasMessageThat().isEqualTo("finally 1");
    assertThat(values).containsExactly(0, 1).inOrder();
    assertThat(Trace.events()).containsExactly("finally 0 completes");
  }

  @Test
  void aBreakingFinallyWinsOverTheContinue() {
    Gen<Integer, Object, String> gen = gen("breakingFinally");
    assertThat(drain(gen)).containsExactly(0, 10).inOrder();
    assertThat(gen.result()).isEqualTo("end");
    assertThat(Trace.events()).containsExactly("after inner 0", "after inner 1").inOrder();
  }

  @Test
  void aContinuingFinallyWinsOverTheBreak() {
    Gen<Integer, Object, String> gen = gen("continuingFinally");
    assertThat(drain(gen)).containsExactly(0, 1, 2).inOrder();
    assertThat(gen.result()).isEqualTo("end");
    assertThat(Trace.events()).isEmpty();
  }
}
