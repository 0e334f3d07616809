package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.DiskCompilation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every diagnostic the processor can report today, each at the exact line (and, for diagnostics
 * about a tree, column) it is about; and that errors never stop the processor from going on with
 * other methods and classes.
 */
class DiagnosticsTest {
  private static final String IMPORTS =
      """
      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.Gen;

      """;

  /** A compilation of one source, with the file to point diagnostics at. */
  private record Result(Compilation compilation, JavaFileObject file, String source) {
    /** Asserts an error with {@code [id]} on the line containing {@code lineText}. */
    void errorOnLine(String id, String lineText) {
      assertThat(compilation).hadErrorContaining("[" + id + "]").inFile(file).onLine(line(lineText));
    }

    /**
     * Asserts an error with {@code [id]} on the line containing {@code lineText}, at the column of
     * {@code token} in that line ({@code token} at its first occurrence after {@code after}).
     */
    void errorAt(String id, String lineText, String after, String token) {
      long line = line(lineText);
      String text = source.split("\n", -1)[(int) line - 1];
      int from = text.indexOf(after);
      assertWithMessage("'%s' in line %s", after, text).that(from).isAtLeast(0);
      int column = text.indexOf(token, from) + 1;
      assertThat(compilation)
          .hadErrorContaining("[" + id + "]")
          .inFile(file)
          .onLine(line)
          .atColumn(column);
    }

    long line(String lineText) {
      String[] lines = source.split("\n", -1);
      int found = -1;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(lineText)) {
          assertWithMessage("'%s' is on more than one line", lineText).that(found).isEqualTo(-1);
          found = i;
        }
      }
      assertWithMessage("no line contains '%s'", lineText).that(found).isAtLeast(0);
      return found + 1;
    }

    /** The errors of the processor, by id, in the order reported. */
    List<String> processorErrors() {
      List<String> ids = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
        String message = d.getMessage(null);
        if (message.startsWith("[YieldFrom")) {
          ids.add(message.substring(1, message.indexOf(']')));
        }
      }
      return ids;
    }
  }

  /** Compiles {@code source} (package dg, the imports above, then {@code body}). */
  private static Result compile(String body, String... others) {
    String source = "package dg;\n\n" + IMPORTS + body;
    JavaFileObject file = CoroutineCompiler.file(source);
    List<JavaFileObject> files = new ArrayList<>();
    files.add(file);
    for (String other : others) {
      files.add(CoroutineCompiler.file(other));
    }
    Compilation compilation = CoroutineCompiler.compile(List.of(), files);
    assertThat(compilation).failed();
    Result result = new Result(compilation, file, source);
    assertWithMessage("the processor crashed: %s", compilation.errors())
        .that(result.processorErrors())
        .doesNotContain("YieldFromInternalError");
    return result;
  }

  // ------------------------------------------------------------------ signatures

  @Test
  void returnTypeThatIsNotACoroutine() {
    Result r =
        compile(
            """
            class Signatures {
              @Coroutine
              static String notACoroutine() {
                return "x";
              }
            }
            """);
    r.errorOnLine("YieldFromReturnType", "static String notACoroutine()");
    assertThat(r.compilation)
        .hadErrorContaining("must return Co<R> or Gen<Y, S, R> from dev.yieldfrom.runtime, not java.lang.String");
  }

  @Test
  void rawReturnType() {
    Result r =
        compile(
            """
            class Raw {
              @Coroutine
              @SuppressWarnings("rawtypes")
              static Co raw() {
                return null;
              }
            }
            """);
    r.errorOnLine("YieldFromReturnType", "static Co raw()");
    assertThat(r.compilation).hadErrorContaining("not the raw type dev.yieldfrom.runtime.Co");
  }

  @Test
  void abstractMethodHasNoBody() {
    Result r =
        compile(
            """
            abstract class NoBody {
              @Coroutine
              abstract Co<String> noBody();
            }
            """);
    r.errorOnLine("YieldFromNoBody", "abstract Co<String> noBody();");
  }

  @Test
  void coroutineInAPrivateClass() {
    Result r =
        compile(
            """
            class Outer {
              private static class Hidden {
                @Coroutine
                static Co<String> inPrivateClass() {
                  return done("x");
                }
              }
            }
            """);
    r.errorOnLine("YieldFromPrivateClass", "private static class Hidden");
    assertThat(r.compilation).hadErrorContaining("cannot be declared in the private class Hidden");
  }

  @Test
  void coroutineInALocalClass() {
    // Javac does not hand local classes to processors; the processor must still not ignore the
    // annotation silently, or the template is called at run time and fails there. Javac calls the
    // processor only in a round where some @Coroutine is visible outside method bodies, as in any
    // project that uses coroutines, hence the method of HasLocal's own.
    Result r =
        compile(
            """
            class HasLocal {
              @Coroutine
              static Co<String> visible() {
                return done("v");
              }

              static Object local() {
                class Local {
                  @Coroutine
                  Co<String> inLocalClass() {
                    return done("x");
                  }
                }
                return new Local();
              }
            }
            """);
    r.errorOnLine("YieldFromEnclosingClass", "Co<String> inLocalClass()");
  }

  @Test
  void stateMachineNameAlreadyTaken() {
    Result r =
        compile(
            """
            class Taken {
              @Coroutine
              static Co<String> f() {
                return done("x");
              }
            }

            class Taken$0f {}
            """);
    r.errorOnLine("YieldFromNameClash", "static Co<String> f()");
    assertThat(r.compilation)
        .hadErrorContaining(
            "the class dg.Taken$0f already exists, and yieldfrom names the state machine of f so");
  }

  @Test
  void companionNameAlreadyTaken() {
    Result r =
        compile(
            """
            class Clash {
              @Coroutine
              static Co<String> f() {
                return done("x");
              }
            }

            class ClashCoroutines {}
            """);
    r.errorOnLine("YieldFromNameClash", "class Clash {");
    assertThat(r.compilation)
        .hadErrorContaining("the companion class dg.ClashCoroutines that yieldfrom generates");
  }

  // ------------------------------------------------------------------ bodies

  @Test
  void returnWithoutDone() {
    Result r =
        compile(
            """
            class Returns {
              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> returnsOther() {
                return sub();
              }

              @Coroutine
              static Co<String> returnsNullFromCopiedStatement(boolean b) {
                if (b) {
                  return null;
                }
                return done("x");
              }
            }
            """);
    r.errorAt("YieldFromReturn", "return sub();", "return", "return");
    r.errorAt("YieldFromReturn", "return null;", "return", "return");
    assertThat(r.processorErrors()).containsExactly("YieldFromReturn", "YieldFromReturn");
  }

  @Test
  void suspensionsInsideTryAndSwitchAreNoLongerErrors() throws Exception {
    // Both were "not supported yet" errors in the first slice; they must now compile and run.
    Compilation compilation =
        CoroutineCompiler.compile(
            List.of("-Xlint:all", "-Werror"),
            "package dg;\n\n"
                + IMPORTS
                + """
            class InTryAndSwitch {
              @Coroutine
              static Co<String> sub(String s) {
                return done(s);
              }

              @Coroutine
              static Co<String> suspendsInTry() {
                try {
                  return done(yieldFrom(sub("tried")));
                } catch (RuntimeException e) {
                  return done("caught");
                }
              }

              @Coroutine
              static Co<String> suspendsInSwitch(int x) {
                String result = "none";
                switch (x) {
                  case 1:
                    result = yieldFrom(sub("one"));
                    break;
                  default:
                    break;
                }
                return done(result);
              }

              static String run() {
                try (dev.yieldfrom.runtime.EventLoop loop = dev.yieldfrom.runtime.EventLoop.create()) {
                  return loop.runUntilComplete(InTryAndSwitchCoroutines.suspendsInTry())
                      + " " + loop.runUntilComplete(InTryAndSwitchCoroutines.suspendsInSwitch(1))
                      + " " + loop.runUntilComplete(InTryAndSwitchCoroutines.suspendsInSwitch(2));
                }
              }
            }
            """);
    assertThat(compilation).succeededWithoutWarnings();
    Object result = CoroutineCompiler.load(compilation).call("dg.InTryAndSwitch", "run");
    assertThat(result).isEqualTo("tried one none");
  }

  @Test
  void suspensionInAPatternMatch() {
    Result r =
        compile(
            """
            class Pattern {
              @Coroutine
              static Co<Object> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> suspendsInPatternMatch() {
                if (yieldFrom(sub()) instanceof String s) {
                  return done(s);
                }
                return done("no");
              }
            }
            """);
    r.errorAt("YieldFromUnsupported", "instanceof String s", "", "instanceof");
  }

  @Test
  void suspensionInALambda() {
    Result r =
        compile(
            """
            class InLambda {
              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> suspendsInLambda() {
                java.util.function.Supplier<String> s = () -> yieldFrom(sub());
                return done(s.get());
              }
            }
            """);
    r.errorAt("YieldFromSuspensionNotAllowed", "() -> yieldFrom", "yieldFrom", "(");
    assertThat(r.compilation).hadErrorContaining("cannot suspend inside a lambda");
  }

  @Test
  void suspensionInSynchronized() {
    Result r =
        compile(
            """
            class InSynchronized {
              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> suspendsInSynchronized() {
                synchronized (InSynchronized.class) {
                  yieldFrom(sub());
                }
                return done("x");
              }
            }
            """);
    r.errorAt("YieldFromSuspensionNotAllowed", "yieldFrom(sub());", "yieldFrom", "(");
    assertThat(r.compilation).hadErrorContaining("cannot suspend inside synchronized");
  }

  @Test
  void suspensionInAnAnonymousClass() {
    Result r =
        compile(
            """
            class InAnonymous {
              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> suspendsInAnonymousClass() {
                Runnable r = new Runnable() {
                  @Override
                  public void run() {
                    yieldFrom(sub());
                  }
                };
                r.run();
                return done("x");
              }
            }
            """);
    r.errorAt("YieldFromSuspensionNotAllowed", "yieldFrom(sub());", "yieldFrom", "(");
    assertThat(r.compilation).hadErrorContaining("cannot suspend inside a local or anonymous class");
  }

  @Test
  void privateMembersOfTheTemplateClass() {
    Result r =
        compile(
            """
            class Private {
              private int hidden;

              private static String helper() {
                return "h";
              }

              @Coroutine
              Co<Integer> readsPrivate() {
                return done(hidden + helper().length());
              }
            }
            """);
    r.errorAt("YieldFromPrivateAccess", "return done(hidden", "", "hidden");
    r.errorAt("YieldFromPrivateAccess", "return done(hidden", "", "helper");
    assertThat(r.compilation).hadErrorContaining("the field Private.hidden is private");
    assertThat(r.compilation).hadErrorContaining("the method Private.helper() is private");
  }

  @Test
  void protectedMemberInheritedFromAnotherPackage() {
    Result r =
        compile(
            """
            class Protected extends other.Base {
              @Coroutine
              Co<Integer> callsProtected() {
                return done(secret());
              }
            }
            """,
            """
            package other;

            public class Base {
              protected int secret() {
                return 42;
              }
            }
            """);
    r.errorAt("YieldFromProtectedAccess", "return done(secret());", "", "secret");
    assertThat(r.compilation).hadErrorContaining("the method Base.secret() is protected in another package");
  }

  @Test
  void superCall() {
    Result r =
        compile(
            """
            class Super {
              @Coroutine
              Co<String> callsSuper() {
                return done(super.toString());
              }
            }
            """);
    r.errorAt("YieldFromSuperCall", "super.toString()", "", "super");
  }

  @Test
  void creatingAnInnerClassWithoutAnEnclosingInstance() {
    Result r =
        compile(
            """
            class Creates {
              class Inner {
                int value;
              }

              @Coroutine
              Co<Integer> createsInner() {
                Inner inner = new Inner();
                return done(inner.value);
              }
            }
            """);
    r.errorAt("YieldFromOuterInstance", "Inner inner = new Inner();", "=", "new");
    assertThat(r.compilation).hadErrorContaining("write this.new Inner(...)");
  }

  @Test
  void membersOfTheEnclosingInstanceOfAnInnerClass() {
    Result r =
        compile(
            """
            class Shapes {
              int field = 1;

              class Inner {
                @Coroutine
                Co<Integer> readsOuterField() {
                  return done(field);
                }

                @Coroutine
                Co<Shapes> outerThis() {
                  return done(Shapes.this);
                }
              }
            }
            """);
    r.errorAt("YieldFromOuterInstance", "return done(field);", "", "field");
    r.errorAt("YieldFromOuterInstance", "return done(Shapes.this);", "", ".this");
  }

  @Test
  void doneOutsideReturn() {
    Result r =
        compile(
            """
            class Misplaced {
              @Coroutine
              static Co<String> misplacedDone() {
                Co<String> c = done("x");
                return done("y");
              }
            }
            """);
    r.errorAt("YieldFromMisplacedDone", "Co<String> c = done(", "done", "(");
  }

  @Test
  void yieldedValueOfTheWrongType() {
    Result r =
        compile(
            """
            class YieldType {
              @Coroutine
              static Gen<String, Integer, String> wrongYieldType() {
                yieldValue(42);
                return done("x");
              }
            }
            """);
    r.errorAt("YieldFromYieldType", "yieldValue(42);", "", "42");
    assertThat(r.compilation)
        .hadErrorContaining("this generator yields java.lang.String, so it cannot yield a value of type int");
  }

  @Test
  void sentValueUsedAsTheWrongType() {
    Result r =
        compile(
            """
            class SentType {
              @Coroutine
              static Gen<String, Object, String> wrongSentType() {
                Integer i = yieldValue("a");
                return done("x" + i);
              }
            }
            """);
    r.errorAt("YieldFromSentType", "Integer i = yieldValue", "yieldValue", "(");
  }

  @Test
  void localOfALocalClassAcrossASuspension() {
    Result r =
        compile(
            """
            class Unnameable {
              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              static Co<String> unnameable() {
                class Local {
                  String value = "v";
                }
                Local local = new Local();
                yieldFrom(sub());
                return done(local.value);
              }
            }
            """);
    r.errorAt("YieldFromUnnameableType", "Local local = new Local();", " ", "local");
  }

  // ------------------------------------------------------------------ going on after errors

  @Test
  void everyErrorOfABodyIsReportedNotOnlyTheFirst() {
    Result r =
        compile(
            """
            class Many {
              private int a;

              @Coroutine
              static Co<String> sub() {
                return done("s");
              }

              @Coroutine
              Co<String> many() {
                int x = a;
                String s = super.toString();
                return sub();
              }
            }
            """);
    assertThat(r.processorErrors())
        .containsExactly("YieldFromPrivateAccess", "YieldFromSuperCall", "YieldFromReturn")
        .inOrder();
  }

  @Test
  void errorsInOneMethodDoNotStopTheOthers() {
    Result r =
        compile(
            """
            class Methods {
              @Coroutine
              static String bad() {
                return "x";
              }

              @Coroutine
              static Co<String> badBody() {
                return null;
              }

              @Coroutine
              static Gen<String, Integer, String> alsoBad() {
                yieldValue(1);
                return done("x");
              }
            }
            """);
    assertThat(r.processorErrors())
        .containsExactly("YieldFromReturnType", "YieldFromReturn", "YieldFromYieldType");
  }

  private static final String GOOD =
      """
      package dg;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Co;

      class Good {
        @Coroutine
        static Co<String> fine() {
          String s = yieldFrom(GoodCoroutines.other());
          return done(s);
        }

        @Coroutine
        static Co<String> other() {
          return done("o");
        }

        static Object create() {
          return GoodCoroutines.fine();
        }
      }
      """;

  @Test
  void aClassWithABadBodyDoesNotStopAnotherFromBeingGenerated(@TempDir Path directory) {
    DiskCompilation compilation =
        DiskCompilation.compile(
            directory,
            GOOD,
            """
            package dg;

            import static dev.yieldfrom.runtime.Yield.*;

            import dev.yieldfrom.Coroutine;
            import dev.yieldfrom.runtime.Co;

            class BadBody {
              @Coroutine
              static Co<String> bad() {
                return null;
              }
            }
            """);
    assertThat(compilation.succeeded()).isFalse();
    assertThat(compilation.errors()).hasSize(1);
    assertThat(compilation.errors().get(0)).startsWith("BadBody.java:11: [YieldFromReturn]");
    assertGoodWasGenerated(compilation);
  }

  @Test
  void aClassWithABadSignatureDoesNotStopAnotherFromBeingGenerated(@TempDir Path directory) {
    DiskCompilation compilation =
        DiskCompilation.compile(
            directory,
            """
            package dg;

            import dev.yieldfrom.Coroutine;

            class BadSignature {
              @Coroutine
              static String bad() {
                return "x";
              }
            }
            """,
            GOOD);
    assertThat(compilation.succeeded()).isFalse();
    assertThat(compilation.errors()).hasSize(1);
    assertThat(compilation.errors().get(0)).startsWith("BadSignature.java:7: [YieldFromReturnType]");
    assertGoodWasGenerated(compilation);
  }

  private static void assertGoodWasGenerated(DiskCompilation compilation) {
    String companion = compilation.generatedSource("dg.GoodCoroutines");
    assertThat(companion).isNotNull();
    assertThat(companion).contains("static Co<String> fine()");
    assertThat(companion).contains("static Co<String> other()");
    for (String method : List.of("fine", "other")) {
      String machine = compilation.generatedSource("dg.Good$0" + method);
      assertThat(machine).isNotNull();
      assertThat(machine).contains("final class Good$0" + method + " extends Co<String>");
      assertThat(machine).doesNotContain("did not compile");
    }
  }

  @Test
  void helperCalledOutsideACoroutine() {
    Result r =
        compile(
            """
            class Outside {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              static String notACoroutine() {
                return yieldFrom(OutsideCoroutines.fetch());
              }
            }
            """);
    r.errorAt("YieldFromOutsideCoroutine", "return yieldFrom(", "yieldFrom", "(");
    assertThat(r.compilation)
        .hadErrorContaining("and notACoroutine() is not one: annotate it @Coroutine");
    assertThat(r.processorErrors()).containsExactly("YieldFromOutsideCoroutine");
  }

  @Test
  void templateCalledDirectlyIsAWarningAtTheCall() {
    String source =
        "package dg;\n\n"
            + IMPORTS
            + """
            class Direct {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              static Object eager() {
                return fetch();
              }

              static Object lazy() {
                return DirectCoroutines.fetch();
              }
            }
            """;
    JavaFileObject file = CoroutineCompiler.file(source);
    Compilation compilation = CoroutineCompiler.compile(List.of(), List.of(file));
    assertThat(compilation).succeeded();
    Result r = new Result(compilation, file, source);
    assertThat(compilation)
        .hadWarningContaining("[YieldFromTemplateCall] fetch(...) is a @Coroutine template")
        .inFile(file)
        .onLine(r.line("return fetch();"));
    assertThat(compilation).hadWarningContaining("call DirectCoroutines.fetch(...)");
    assertThat(compilation.warnings()).hasSize(1); // the factory call on line lazy() is fine
  }

  @Test
  void localClassUsedAfterASuspension() {
    Result r =
        compile(
            """
            class LocalAcross {
              @Coroutine
              static Co<String> value() {
                return done("v");
              }

              @Coroutine
              static Co<String> uses() {
                record Pair(String a, String b) {}
                Pair first = new Pair("x", "y");
                String v = yieldFrom(value());
                Object second = new Pair(v, "z");
                return done(first.a() + second);
              }
            }
            """);
    r.errorAt("YieldFromLocalClass", "Object second = new Pair(", "new", "Pair");
    assertThat(r.compilation).hadErrorContaining("the local class Pair is used after a suspension");
  }

  // ------------------------------------------------------------------ advice that can be followed

  @Test
  void helperCalledInAConstructor() {
    Result r =
        compile(
            """
            class InConstructor {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              final String value;

              InConstructor() {
                value = yieldFrom(InConstructorCoroutines.fetch());
              }
            }
            """);
    r.errorAt("YieldFromOutsideCoroutine", "value = yieldFrom(", "yieldFrom", "(");
    assertThat(r.compilation)
        .hadErrorContaining(
            "yieldFrom(...) works only inside a @Coroutine method, and a constructor cannot be"
                + " one: move the code that suspends into a @Coroutine method");
    assertNoErrorContaining(r, "<init>");
  }

  @Test
  void helperCalledInAFieldInitializer() {
    Result r =
        compile(
            """
            class InInitializer {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              static final String VALUE = yieldFrom(InInitializerCoroutines.fetch());
            }
            """);
    r.errorAt("YieldFromOutsideCoroutine", "VALUE = yieldFrom(", "yieldFrom", "(");
    assertThat(r.compilation)
        .hadErrorContaining(
            "and an initializer cannot be one: move the code that suspends into a @Coroutine"
                + " method");
  }

  @Test
  void helperCalledInALambdaOfAPlainMethod() {
    Result r =
        compile(
            """
            class InLambda {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              static java.util.function.Supplier<String> later() {
                return () -> yieldFrom(InLambdaCoroutines.fetch());
              }
            }
            """);
    r.errorAt("YieldFromOutsideCoroutine", "return () -> yieldFrom(", "yieldFrom", "(");
    assertThat(r.compilation)
        .hadErrorContaining(
            "and a lambda cannot be one (not even in a @Coroutine method): move the code that"
                + " suspends into a @Coroutine method");
    assertNoErrorContaining(r, "annotate it");
  }

  @Test
  void helperCalledInAMethodOfAnAnonymousClass() {
    Result r =
        compile(
            """
            class InAnonymous {
              @Coroutine
              static Co<String> fetch() {
                return done("x");
              }

              static Runnable task() {
                return new Runnable() {
                  @Override
                  public void run() {
                    System.out.println(yieldFrom(InAnonymousCoroutines.fetch()));
                  }
                };
              }
            }
            """);
    r.errorAt("YieldFromOutsideCoroutine", "System.out.println(yieldFrom(", "yieldFrom", "(");
    assertThat(r.compilation)
        .hadErrorContaining(
            "and run() is not one, nor can it be (@Coroutine methods belong to top-level or"
                + " member classes): move the code that suspends into a @Coroutine method");
    assertNoErrorContaining(r, "annotate it");
  }

  @Test
  void fieldOfARecordIsReadThroughItsAccessor() {
    Result r =
        compile(
            """
            record Point(int x, int y) {
              @Coroutine
              Co<Integer> sum() {
                return done(x + this.y);
              }
            }
            """);
    r.errorAt("YieldFromPrivateAccess", "return done(x + this.y)", "", "x");
    r.errorAt("YieldFromPrivateAccess", "return done(x + this.y)", "this", "."); // javac's position
    assertThat(r.compilation)
        .hadErrorContaining(
            "the field Point.x of a record component is private, and the state machine generated"
                + " for this coroutine is a separate class that cannot reach it; call its accessor"
                + " instead: x()");
    assertThat(r.compilation).hadErrorContaining("call its accessor instead: y()");
    assertNoErrorContaining(r, "make it package-private");
  }

  @Test
  void privateNestedClassIsNamedRatherThanItsImplicitConstructor() {
    Result r =
        compile(
            """
            class MakesHelper {
              private static class Helper {}

              @Coroutine
              static Co<Object> make() {
                return done(new Helper());
              }
            }
            """);
    r.errorAt("YieldFromPrivateAccess", "return done(new Helper", "new", "Helper");
    assertThat(r.compilation)
        .hadErrorContaining(
            "the type dg.MakesHelper.Helper is private, and the state machine generated for this"
                + " coroutine is a separate class that cannot reach it; make it package-private");
    assertNoErrorContaining(r, "the constructor of Helper");
    assertThat(r.processorErrors()).containsExactly("YieldFromPrivateAccess");
  }

  private static void assertNoErrorContaining(Result r, String text) {
    for (Diagnostic<? extends JavaFileObject> error : r.compilation.errors()) {
      assertWithMessage("error: %s", error.getMessage(null))
          .that(error.getMessage(null))
          .doesNotContain(text);
    }
  }
}
