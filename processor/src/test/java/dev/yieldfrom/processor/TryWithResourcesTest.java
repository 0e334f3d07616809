package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * try-with-resources around suspensions behaves as javac's desugaring: resources close in
 * reverse order, on normal completion, on an exception (a failing close is suppressed), and when
 * the generator is closed while suspended inside.
 */
class TryWithResourcesTest {
  static final String SOURCE =
      """
      package tw;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Gen;

      class Resources {
        static final class Res implements AutoCloseable {
          final String name;
          final boolean failOnClose;

          Res(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            Trace.log("open " + name);
          }

          @Override
          public void close() {
            Trace.log("close " + name);
            if (failOnClose) {
              throw new IllegalStateException("close " + name + " failed");
            }
          }
        }

        @Coroutine
        static Gen<String, Object, String> use(boolean failBody, boolean failClose) {
          try (Res a = new Res("a", false); Res b = new Res("b", failClose)) {
            yieldValue("inside " + a.name + b.name);
            if (failBody) {
              throw new IllegalArgumentException("body failed");
            }
            yieldValue("still inside");
          }
          return done("after");
        }
      }
      """;

  @BeforeEach
  void clear() {
    Trace.clear();
  }

  private static Gen<String, Object, String> use(boolean failBody, boolean failClose) {
    Compiled compiled = CoroutineCompiler.shared(SOURCE);
    return compiled.call("tw.ResourcesCoroutines", "use", failBody, failClose);
  }

  @Test
  void closesInReverseOrderAfterTheBody() {
    Gen<String, Object, String> gen = use(false, false);
    for (String value : gen) {
      Trace.log("got " + value);
    }
    Trace.log("result " + gen.result());
    assertThat(Trace.events())
        .containsExactly(
            "open a", "open b", "got inside ab", "got still inside", "close b", "close a",
            "result after")
        .inOrder();
  }

  @Test
  void closingTheGeneratorWhileSuspendedInsideClosesTheResources() {
    Gen<String, Object, String> gen = use(false, false);
    gen.next();
    gen.close();
    assertThat(gen.isDone()).isTrue();
    assertThat(Trace.events()).containsExactly("open a", "open b", "close b", "close a").inOrder();
  }

  @Test
  void aFailingCloseIsSuppressedByTheBodysException() {
    Gen<String, Object, String> gen = use(true, true);
    gen.next();
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, gen::next);
    assertThat(failure).hasMessageThat().isEqualTo("body failed");
    assertThat(failure.getSuppressed()).hasLength(1);
    assertThat(failure.getSuppressed()[0]).hasMessageThat().isEqualTo("close b failed");
    assertThat(Trace.events()).containsExactly("open a", "open b", "close b", "close a").inOrder();
  }
}
