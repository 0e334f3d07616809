package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wildcard and generic result types: a class cannot extend {@code Co<? extends Number>}, so the
 * state machine extends a type within the wildcard's bounds and the factory keeps the declared
 * signature.
 */
class SignaturesTest {
  static final String SOURCE =
      """
      package sig;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;
      import java.util.List;

      class Wild {
        @Coroutine
        static Co<? extends Number> nothing() {
          yieldFrom(Wild.<Integer>plain(3));
          return done();
        }

        @Coroutine
        static <T> Co<T> plain(T value) {
          return done(value);
        }

        @Coroutine
        static Gen<? extends Number, ? super Integer, ?> echo() {
          Integer got = yieldValue(1);
          Trace.log("got " + got);
          yieldValue(got + 0.5);
          return done();
        }

        @Coroutine
        static Gen<?, ? extends CharSequence, ?> lengths() {
          CharSequence text = yieldValue("first");
          Trace.log("length " + text.length());
          return done();
        }

        @Coroutine
        static <T extends Comparable<? super T>> Gen<T, Object, List<? extends T>> largest(
            List<? extends T> items) {
          T best = null;
          for (T item : items) {
            if (best == null || item.compareTo(best) > 0) {
              best = item;
              yieldValue(best);
            }
          }
          return done(List.of(best));
        }
      }
      """;

  @BeforeEach
  void clear() {
    Trace.clear();
  }

  private static Compiled compiled() {
    return CoroutineCompiler.shared(SOURCE);
  }

  @Test
  void extendsBoundOfResult() {
    Gen<?, ?, ? extends Number> gen = compiled().call("sig.WildCoroutines", "nothing");
    assertThrows(NoSuchElementException.class, gen::next);
    assertThat(gen.isDone()).isTrue();
    assertThat(gen.result()).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void superBoundOfSentAndExtendsBoundOfYield() {
    Gen<Number, Integer, ?> gen = compiled().call("sig.WildCoroutines", "echo");
    assertThat(gen.next()).isEqualTo(1);
    assertThat(gen.send(41)).isEqualTo(41.5);
    assertThrows(NoSuchElementException.class, gen::next);
    assertThat(Trace.events()).containsExactly("got 41");
  }

  @Test
  @SuppressWarnings("unchecked")
  void extendsBoundOfSent() {
    Gen<Object, CharSequence, ?> gen = compiled().call("sig.WildCoroutines", "lengths");
    assertThat(gen.next()).isEqualTo("first");
    assertThrows(NoSuchElementException.class, () -> gen.send(new StringBuilder("four")));
    assertThat(Trace.events()).containsExactly("length 4");
  }

  @Test
  void genericBoundsAndWildcardResult() {
    Gen<Integer, Object, List<Integer>> gen =
        compiled().call("sig.WildCoroutines", "largest", List.of(2, 1, 5, 3));
    List<Integer> yielded = new java.util.ArrayList<>();
    gen.forEach(yielded::add);
    assertThat(yielded).containsExactly(2, 5).inOrder();
    assertThat(gen.result()).containsExactly(5);
  }
}
