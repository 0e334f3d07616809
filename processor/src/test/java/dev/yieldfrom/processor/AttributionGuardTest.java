package dev.yieldfrom.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * A coroutine body whose {@code var} local names a class another processor generates only in the
 * round where the state machines are due: attributing the body then would leave javac an
 * erroneous type that crashes it once the class appears (docs/javac-attribution.md).
 * The processor must wait for the class and then compile cleanly. (Without the wait, javac 17
 * and 25 crash: NullPointerException "tree.meth.type" is null in Flow$FlowAnalyzer.visitApply.)
 */
class AttributionGuardTest {
  /** Generates test.Late in its second round, like a processor that reacts to generated code. */
  static final class LateGenerator extends AbstractProcessor {
    private int round;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
      if (++round == 2) {
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Late").openWriter()) {
          out.write(
              "package test;\n"
                  + "public final class Late {\n"
                  + "  public static Late make() { return new Late(); }\n"
                  + "  public String name() { return \"late\"; }\n"
                  + "}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void waitsForAClassGeneratedLaterBeforeAttributingABodyThatNamesItWithVar() {
    Compilation compilation =
        javac()
            // The other processor first: javac does not call a "*" processor after one that
            // claimed every annotation of the round, as yieldfrom claims @Coroutine.
            .withProcessors(new LateGenerator(), new CoroutineProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(
                JavaFileObjects.forSourceLines(
                    "test.UsesLate",
                    "package test;",
                    "import static dev.yieldfrom.runtime.Yield.*;",
                    "import dev.yieldfrom.Coroutine;",
                    "import dev.yieldfrom.runtime.Co;",
                    "public class UsesLate {",
                    "  @Coroutine",
                    "  static Co<String> named() {",
                    "    var late = Late.make();",
                    "    String suffix = yieldFrom(suffix());",
                    "    return done(late.name() + suffix);",
                    "  }",
                    "  @Coroutine",
                    "  static Co<String> suffix() {",
                    "    return done(\"!\");",
                    "  }",
                    "  static String nextTo() {",
                    "    var coroutine = UsesLateCoroutines.named();",
                    "    return coroutine.toString();",
                    "  }",
                    "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.UsesLate$0named");
  }
}
