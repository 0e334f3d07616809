package dev.yieldfrom.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools hand processors a wrapped environment (IntelliJ a dynamic proxy, Gradle a
 * delegating class); the Tree API needs javac's own. The processor must unwrap what it can and
 * say clearly what it needs when there is no javac behind the wrapper.
 */
class WrappedEnvironmentTest {
  private static final JavaFileObject CHAIN =
      JavaFileObjects.forSourceLines(
          "test.Chain",
          "package test;",
          "import static dev.yieldfrom.runtime.Yield.*;",
          "import dev.yieldfrom.Coroutine;",
          "import dev.yieldfrom.runtime.Co;",
          "public class Chain {",
          "  @Coroutine",
          "  static Co<String> outer() {",
          "    String inner = yieldFrom(inner());",
          "    return done(inner + \"!\");",
          "  }",
          "  @Coroutine",
          "  static Co<String> inner() {",
          "    return done(\"inner\");",
          "  }",
          "}");

  /** Like IntelliJ's build: a dynamic proxy whose handler holds the real environment. */
  static final class ProxyHandler implements InvocationHandler {
    private final ProcessingEnvironment delegateTo;

    ProxyHandler(ProcessingEnvironment delegateTo) {
      this.delegateTo = delegateTo;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(delegateTo, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** Like Eclipse: a proxy with nothing of javac behind it as far as anyone can find. */
  static final class OpaqueHandler implements InvocationHandler {
    private final Object hidden;

    OpaqueHandler(ProcessingEnvironment environment) {
      this.hidden = new Object[] {environment};
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(((Object[]) hidden)[0], args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** Runs the yieldfrom processor with the environment wrapped by {@code wrap}. */
  static final class Wrapping extends AbstractProcessor {
    private final CoroutineProcessor inner = new CoroutineProcessor();
    private final java.util.function.Function<ProcessingEnvironment, InvocationHandler> wrap;

    Wrapping(java.util.function.Function<ProcessingEnvironment, InvocationHandler> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
      super.init(environment);
      inner.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  wrap.apply(environment)));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  @Test
  void unwrapsAProxiedEnvironment() {
    Compilation compilation = javac().withProcessors(new Wrapping(ProxyHandler::new)).compile(CHAIN);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ChainCoroutines");
    assertThat(compilation).generatedSourceFile("test.Chain$0outer");
  }

  @Test
  void withoutJavacBehindTheWrapperSaysWhatItNeeds() {
    Compilation compilation = javac().withProcessors(new Wrapping(OpaqueHandler::new)).compile(CHAIN);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[YieldFromNeedsJavac] the yieldfrom processor needs javac: it compiles @Coroutine"
                + " bodies through javac's Compiler Tree API")
        .inFile(CHAIN)
        .onLine(7); // the first @Coroutine method
  }
}
