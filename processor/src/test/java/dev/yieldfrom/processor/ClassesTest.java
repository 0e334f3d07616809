package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Drive;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coroutines as members: static and instance ones (fields and helpers of this), generic methods
 * and classes, recursion, delegation between classes, and exceptions crossing the chain. These
 * run on the event loop, and {@code Steps.later} really suspends to it.
 */
class ClassesTest {
  static final String ACCOUNT =
      """
      package cl;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Steps;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import java.util.ArrayList;
      import java.util.List;

      class Account {
        final String owner;
        int balance;
        final List<String> history = new ArrayList<>();

        Account(String owner, int balance) {
          this.owner = owner;
          this.balance = balance;
        }

        void record(String entry) {
          history.add(entry);
          Trace.log(owner + ": " + entry);
        }

        int fee() {
          return 1;
        }

        @Coroutine
        Co<Integer> deposit(int amount) {
          int confirmed = yieldFrom(Steps.later("confirm " + amount, amount));
          balance += confirmed - fee();
          record("deposit " + confirmed);
          return done(balance);
        }

        @Coroutine
        Co<Integer> transfer(Account to, int amount) {
          this.balance -= amount;
          record("sent " + amount);
          int theirs = yieldFrom(to.deposit(amount));
          int mine = yieldFrom(deposit(0));
          return done(theirs * 1000 + mine + this.balance);
        }

        @Coroutine
        Co<Account> self() {
          yieldFrom(Steps.later("self", 0));
          return done(this);
        }
      }
      """;

  static final String GENERIC =
      """
      package cl;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Steps;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.Map;
      import java.util.function.Function;

      class Generic<T extends Comparable<T>> {
        final List<T> items = new ArrayList<>();

        List<T> items() {
          return items;
        }

        @Coroutine
        Co<T> addAndMax(T item) {
          T delayed = yieldFrom(Steps.later("add " + item, item));
          items.add(delayed);
          T max = items.get(0);
          for (T candidate : items) {
            if (candidate.compareTo(max) > 0) {
              max = candidate;
            }
          }
          return done(max);
        }

        @Coroutine
        <R> Co<List<R>> mapAll(Function<? super T, ? extends R> f) {
          List<R> out = new ArrayList<>();
          for (T item : items) {
            R mapped = yieldFrom(Steps.later("map " + item, f.apply(item)));
            out.add(mapped);
          }
          return done(out);
        }

        @Coroutine
        static <A, B> Co<Map<A, B>> pair(A a, B b) {
          A first = yieldFrom(Steps.later("a", a));
          B second = yieldFrom(Steps.later("b", b));
          return done(Map.of(first, second));
        }

        @Coroutine
        static <E extends Number> Gen<E, Object, Double> sumYielding(List<E> numbers) {
          double sum = 0;
          for (E n : numbers) {
            yieldValue(n);
            sum += n.doubleValue();
          }
          return done(sum);
        }

        @Coroutine
        static Co<Integer> callsGeneric() {
          Generic<String> g = new Generic<>();
          yieldFrom(g.addAndMax("b"));
          String max = yieldFrom(g.addAndMax("c"));
          List<Integer> lengths = yieldFrom(g.mapAll(String::length));
          Map<String, Integer> m = yieldFrom(Generic.<String, Integer>pair(max, lengths.size()));
          return done(m.get("c"));
        }
      }
      """;

  static final String RECURSION =
      """
      package cl;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Steps;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;
      import java.io.IOException;

      class Recursion {
        static final IOException FAILURE = new IOException("disk on fire");

        @Coroutine
        static Co<Long> factorial(int n) {
          if (n <= 1) {
            return done(1L);
          }
          long rest = yieldFrom(factorial(n - 1));
          return done(n * rest);
        }

        @Coroutine
        static Co<Integer> depth(int n) {
          if (n == 0) {
            yieldFrom(Steps.later("bottom", 0));
            return done(0);
          }
          return done(1 + yieldFrom(depth(n - 1)));
        }

        @Coroutine
        static Gen<Integer, Object, Integer> countdown(int n) {
          if (n == 0) {
            return done(0);
          }
          yieldValue(n);
          int below = yieldFrom(countdown(n - 1));
          return done(below + n);
        }

        @Coroutine
        static Co<String> ping(int n) {
          Trace.log("ping " + n);
          if (n == 0) {
            return done("ping");
          }
          return done(yieldFrom(Other.pong(n - 1)));
        }

        @Coroutine
        static Co<String> failing() throws IOException {
          Trace.log("failing");
          yieldFrom(Steps.later("before failure", 0));
          throw FAILURE;
        }

        @Coroutine
        static Co<String> awaitsFailing() throws IOException {
          Trace.log("awaiting");
          String never = yieldFrom(failing());
          Trace.log("not reached " + never);
          return done(never);
        }

        static String runAwaitsFailing() throws IOException {
          return dev.yieldfrom.runtime.EventLoop.create().runUntilComplete(RecursionCoroutines.awaitsFailing());
        }
      }
      """;

  static final String OTHER =
      """
      package cl;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.processor.testing.Trace;
      import dev.yieldfrom.runtime.Co;

      class Other {
        @Coroutine
        static Co<String> pong(int n) {
          Trace.log("pong " + n);
          if (n == 0) {
            return done("pong");
          }
          String r = yieldFrom(Recursion.ping(n - 1));
          return done(r);
        }
      }
      """;

  /** Explicit type arguments on a call of an instance coroutine of a generic class. */
  static final String EXPLICIT =
      """
      package cl;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import java.util.List;

      class Box<T> {
        final T content;

        Box(T content) {
          this.content = content;
        }

        @Coroutine
        <R> Co<List<R>> both(R other) {
          return done(List.of(other, other));
        }

        @Coroutine
        static Co<Integer> callsWithExplicitTypeArguments() {
          Box<String> box = new Box<>("c");
          List<Integer> twice = yieldFrom(box.<Integer>both(21));
          return done(twice.get(0) + twice.get(1));
        }
      }
      """;

  @BeforeEach
  void clearTrace() {
    Trace.clear();
  }

  private static Compiled compiled() {
    return CoroutineCompiler.shared(ACCOUNT, GENERIC, RECURSION, OTHER);
  }

  private static Object newInstance(String className, Object... arguments) throws Exception {
    Class<?> type = compiled().load(className);
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == arguments.length) {
        constructor.setAccessible(true);
        return constructor.newInstance(arguments);
      }
    }
    throw new AssertionError("no constructor");
  }

  private static Object onLoop(Compiled compiled, String className, String method, Object... arguments) {
    Gen<?, ?, ?> coroutine = compiled.call(className, method, arguments);
    return Drive.onLoop(coroutine);
  }

  private static Object all(Compiled compiled, String className, String method, Object... arguments) {
    Gen<?, ?, ?> generator = compiled.call(className, method, arguments);
    return Drive.all(generator);
  }

  private static Object field(Object object, String name) throws Exception {
    var field = object.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(object);
  }

  @Test
  void instanceCoroutinesUseFieldsAndHelpersOfThisAndOfOtherInstances() throws Exception {
    Object x = newInstance("cl.Account", "x", 10);
    Object y = newInstance("cl.Account", "y", 0);
    Gen<?, ?, ?> transfer = compiled().call("cl.AccountCoroutines", "transfer", x, y, 5);
    assertThat(Trace.events()).isEmpty();
    assertThat(Drive.onLoop(transfer)).isEqualTo(4008);
    assertThat(Trace.take())
        .containsExactly("x: sent 5", "confirm 5", "y: deposit 5", "confirm 0", "x: deposit 0")
        .inOrder();
    assertThat(field(x, "balance")).isEqualTo(4);
    assertThat(field(y, "balance")).isEqualTo(4);
    assertThat(field(x, "history")).isEqualTo(List.of("sent 5", "deposit 0"));
  }

  @Test
  void thisIsTheReceiver() throws Exception {
    Object x = newInstance("cl.Account", "x", 1);
    assertSame(x, onLoop(compiled(), "cl.AccountCoroutines", "self", x));
  }

  @Test
  void instanceCoroutinesOfAGenericClass() throws Exception {
    Object g = newInstance("cl.Generic");
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "addAndMax", g, 3)).isEqualTo(3);
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "addAndMax", g, 7)).isEqualTo(7);
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "addAndMax", g, 1)).isEqualTo(7);
    java.util.function.Function<Object, String> f = i -> "#" + i;
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "mapAll", g, f))
        .isEqualTo(List.of("#3", "#7", "#1"));
    assertThat(Trace.take())
        .containsExactly("add 3", "add 7", "add 1", "map 3", "map 7", "map 1")
        .inOrder();
  }

  @Test
  void genericStaticCoroutines() {
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "pair", "k", 2))
        .isEqualTo(Map.of("k", 2));
    Gen<?, ?, ?> sum = compiled().call("cl.GenericCoroutines", "sumYielding", List.of(1, 2.5));
    assertThat(Drive.all(sum)).isEqualTo(3.5);
    assertThat(Trace.take()).containsExactly("a", "b", "yield 1", "yield 2.5").inOrder();
  }

  @Test
  void genericCoroutinesCalledFromABody() {
    assertThat(onLoop(compiled(), "cl.GenericCoroutines", "callsGeneric")).isEqualTo(2);
    assertThat(Trace.take())
        .containsExactly("add b", "add c", "map b", "map c", "a", "b")
        .inOrder();
  }

  @Test
  void explicitTypeArgumentsOnAnInstanceCoroutineOfAGenericClass() {
    Compiled explicit = CoroutineCompiler.shared(EXPLICIT);
    assertThat(onLoop(explicit, "cl.BoxCoroutines", "callsWithExplicitTypeArguments"))
        .isEqualTo(42);
  }

  @Test
  void recursionThroughItsOwnFactory() {
    assertThat(onLoop(compiled(), "cl.RecursionCoroutines", "factorial", 20))
        .isEqualTo(2432902008176640000L);
  }

  @Test
  void deepRecursionNeedsNoJavaStack() {
    assertThat(onLoop(compiled(), "cl.RecursionCoroutines", "depth", 20_000))
        .isEqualTo(20_000);
    assertThat(Trace.take()).containsExactly("bottom");
  }

  @Test
  void recursiveGeneratorPassesItsInnerYieldsUp() {
    assertThat(all(compiled(), "cl.RecursionCoroutines", "countdown", 3)).isEqualTo(6);
    assertThat(Trace.take()).containsExactly("yield 3", "yield 2", "yield 1").inOrder();
  }

  @Test
  void mutualDelegationBetweenTwoClasses() {
    assertThat(onLoop(compiled(), "cl.RecursionCoroutines", "ping", 3)).isEqualTo("pong");
    assertThat(Trace.take()).containsExactly("ping 3", "pong 2", "ping 1", "pong 0").inOrder();
  }

  @Test
  void checkedExceptionReachesTheCallerOfRunUntilCompleteUnchanged() {
    IOException expected = compiled().get("cl.Recursion", "FAILURE");
    IOException thrown =
        assertThrows(IOException.class, () -> compiled().call("cl.Recursion", "runAwaitsFailing"));
    assertSame(expected, thrown);
    assertThat(Trace.take()).containsExactly("awaiting", "failing", "before failure").inOrder();
  }

  @Test
  void checkedExceptionOfADirectlyRunCoroutine() {
    IOException expected = compiled().get("cl.Recursion", "FAILURE");
    Gen<?, ?, ?> failing = compiled().call("cl.RecursionCoroutines", "failing");
    assertSame(expected, assertThrows(IOException.class, () -> Drive.onLoop(failing)));
    assertThat(failing.isDone()).isTrue();
  }
}
