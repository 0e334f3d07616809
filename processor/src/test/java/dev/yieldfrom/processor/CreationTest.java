package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating a coroutine through its factory runs nothing of its body; calling the template method
 * itself fails, naming the factory to call instead.
 */
class CreationTest {
  static final String LAZY =
      """
      package lz;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;

      class Lazy {
        final String name;

        Lazy(String name) {
          this.name = name;
        }

        @Coroutine
        static Co<String> body(String argument) {
          Trace.log("body runs with " + argument);
          String inner = yieldFrom(child());
          return done(argument + inner);
        }

        @Coroutine
        static Co<String> child() {
          Trace.log("child runs");
          return done("!");
        }

        @Coroutine
        Co<String> instanceBody() {
          Trace.log("instance body runs for " + name);
          return done(name);
        }

        @Coroutine
        static Gen<String, Object, String> generator() {
          Trace.log("generator runs");
          yieldValue("first");
          return done("end");
        }

        @Coroutine
        static Co<String> onlyDone() {
          return done("x");
        }

        @Coroutine
        static Co<String> suspendsFirst() {
          // The factory, not the template child(): Java evaluates the argument first.
          return done(yieldFrom(LazyCoroutines.child()));
        }

        static Object createWithLoggedArgument() {
          return LazyCoroutines.body(Trace.log("argument evaluated", "a"));
        }

        static Object createInstanceCoroutine() {
          return LazyCoroutines.instanceBody(new Lazy("me"));
        }

        static Object callTemplateDirectly() {
          return onlyDone();
        }

        static Object callSuspendingTemplateDirectly() {
          return suspendsFirst();
        }

        static Object callInstanceTemplateDirectly() {
          return new Lazy("direct").instanceBody();
        }

        static final class Inner {
          @Coroutine
          static Co<Integer> nested() {
            return done(1);
          }

          static Object callNestedTemplateDirectly() {
            return nested();
          }
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Compiled compiled() {
    return CoroutineCompiler.shared(LAZY);
  }

  @Test
  void creatingACoroutineEvaluatesItsArgumentsButRunsNoneOfItsBody() {
    Gen<?, ?, ?> co = compiled().call("lz.Lazy", "createWithLoggedArgument");
    assertThat(Trace.take()).containsExactly("argument evaluated");
    assertThat(co.isStarted()).isFalse();
    assertThat(co.isDone()).isFalse();
    assertThat(Drive.onLoop(co)).isEqualTo("a!");
    assertThat(Trace.take()).containsExactly("body runs with a", "child runs").inOrder();
  }

  @Test
  void creatingAnInstanceCoroutineRunsNoneOfItsBody() {
    Gen<?, ?, ?> co = compiled().call("lz.Lazy", "createInstanceCoroutine");
    assertThat(Trace.events()).isEmpty();
    assertThat(Drive.onLoop(co)).isEqualTo("me");
    assertThat(Trace.take()).containsExactly("instance body runs for me");
  }

  @Test
  void creatingAGeneratorRunsNoneOfItsBodyUntilNext() {
    Gen<?, ?, ?> generator = compiled().call("lz.LazyCoroutines", "generator");
    assertThat(Trace.events()).isEmpty();
    assertThat(generator.next()).isEqualTo("first");
    assertThat(Trace.take()).containsExactly("generator runs");
  }

  @Test
  void eachFactoryCallCreatesANewCoroutine() {
    Gen<?, ?, ?> first = compiled().call("lz.LazyCoroutines", "generator");
    Gen<?, ?, ?> second = compiled().call("lz.LazyCoroutines", "generator");
    assertThat(first).isNotSameInstanceAs(second);
    assertThat(first.next()).isEqualTo("first");
    assertThat(second.isStarted()).isFalse();
  }

  @Test
  void callingATemplateDirectlyFailsNamingTheFactory() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> compiled().call("lz.Lazy", "callTemplateDirectly"));
    assertThat(e).hasMessageThat().contains("done() ran inside the template Lazy.onlyDone()");
    assertThat(e).hasMessageThat().contains("Call LazyCoroutines.onlyDone(...) to create the coroutine");
  }

  @Test
  void callingASuspendingTemplateDirectlyFailsAtTheSuspension() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> compiled().call("lz.Lazy", "callSuspendingTemplateDirectly"));
    assertThat(e).hasMessageThat().contains("yieldFrom() ran inside the template Lazy.suspendsFirst()");
    assertThat(e).hasMessageThat().contains("Call LazyCoroutines.suspendsFirst(...)");
  }

  @Test
  void callingAnInstanceTemplateDirectlyFailsNamingTheFactory() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> compiled().call("lz.Lazy", "callInstanceTemplateDirectly"));
    assertThat(e).hasMessageThat().contains("Call LazyCoroutines.instanceBody(...)");
    assertThat(Trace.take()).containsExactly("instance body runs for direct");
  }

  @Test
  void callingANestedClassTemplateDirectlyNamesTheNestedCompanion() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> compiled().call("lz.Lazy$Inner", "callNestedTemplateDirectly"));
    assertThat(e).hasMessageThat().contains("Call Lazy_InnerCoroutines.nested(...)");
  }
}
