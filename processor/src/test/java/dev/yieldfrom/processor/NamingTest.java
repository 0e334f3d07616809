package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import org.junit.jupiter.api.Test;

/**
 * The names of generated classes hide nothing the body can see: a state machine is a top-level
 * class named {@code Owner$0method}, never a simple name the user could mean, so the first thing
 * an asyncio user writes (a coroutine {@code main()} in a class {@code Main}) names its own class
 * as it does in the template.
 */
class NamingTest {
  @Test
  void coroutineMainInClassMainSeesClassMain() {
    Compiled compiled =
        CoroutineCompiler.compileAndLoad(
            """
            package nm;

            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.runtime.Co;
            import dev.yieldfrom.runtime.EventLoop;

            public class Main {
              final String name;

              Main(String name) {
                this.name = name;
              }

              static String greet(Main who) {
                return "hello " + who.name;
              }

              @Coroutine
              static Co<String> main() {
                Main world = new Main("world");
                String first = yieldFrom(again(world));
                Main[] both = {world, new Main("again")};
                return done(first + ", " + Main.greet(both[1]) + " " + (both[0] instanceof Main));
              }

              @Coroutine
              static Co<String> again(Main who) {
                return done(greet(who));
              }

              static String run() {
                try (EventLoop loop = EventLoop.create()) {
                  return loop.runUntilComplete(MainCoroutines.main());
                }
              }
            }
            """);
    assertThat((String) compiled.call("nm.Main", "run")).isEqualTo("hello world, hello again true");
    assertThat(compiled.load("nm.Main$0main").getSuperclass().getName())
        .isEqualTo("dev.yieldfrom.runtime.Co");
  }

  @Test
  void overloadsAndNestedOwnersGetDistinctMachines() {
    Compiled compiled =
        CoroutineCompiler.compileAndLoad(
            """
            package nm;

            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.runtime.Gen;

            public class Outer {
              static class Inner {
                @Coroutine
                static Gen<String, Object, Void> count() {
                  yieldValue("none");
                  return done();
                }

                @Coroutine
                static Gen<String, Object, Void> count(int n) {
                  yieldValue("n=" + n);
                  return done();
                }
              }
            }
            """);
    assertThat(compiled.load("nm.Outer$Inner$0count").getSimpleName()).isEqualTo("Outer$Inner$0count");
    assertThat(compiled.load("nm.Outer$Inner$0count$02").getSimpleName())
        .isEqualTo("Outer$Inner$0count$02");
  }
}
