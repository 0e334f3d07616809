package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HarnessTest {
  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  @Test
  void compilesLoadsAndRunsAChain() {
    Compiled compiled =
        CoroutineCompiler.compileAndLoad(
            """
            package h;

            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.processor.testing.Trace;
            import dev.yieldfrom.runtime.Co;

            class Chain {
              @Coroutine
              static Co<String> outer() {
                Trace.log("outer");
                String a = yieldFrom(inner("x"));
                Trace.log("got " + a);
                return done(a + "!");
              }

              @Coroutine
              static Co<String> inner(String s) {
                Trace.log("inner " + s);
                return done(s + s);
              }
            }
            """);
    Co<String> co = compiled.call("h.ChainCoroutines", "outer");
    assertThat(Trace.events()).isEmpty();
    assertThat(EventLoop.create().runUntilComplete(co)).isEqualTo("xx!");
    assertThat(Trace.events()).containsExactly("outer", "inner x", "got xx").inOrder();
  }
}
