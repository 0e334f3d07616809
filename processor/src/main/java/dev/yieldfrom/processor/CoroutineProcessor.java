package dev.yieldfrom.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.yieldfrom.processor.classfile.TemplateLines;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.emit.CompanionWriter;
import dev.yieldfrom.processor.emit.StateMachineWriter;
import dev.yieldfrom.processor.model.CoroutineClass;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.StateMachine;
import dev.yieldfrom.processor.read.AttributionGuard;
import dev.yieldfrom.processor.read.BodyAttribution;
import dev.yieldfrom.processor.read.JavacEnvironment;
import dev.yieldfrom.processor.read.MisuseScanner;
import com.sun.source.tree.CompilationUnitTree;
import dev.yieldfrom.processor.read.TemplateReader;
import dev.yieldfrom.processor.lower.Lowering;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Compiles {@code @Coroutine} template methods into state machines.
 *
 * <p>Two rounds per class. In the round that finds it, only signatures are read and the public
 * companion of factories is written. In the next round, when every companion of the build exists,
 * each body is attributed, lowered into states, and the state machines are written. Attributing a
 * body that names a class not generated yet can crash javac later in the build, so no body is
 * attributed before the companions exist (see docs/ARCHITECTURE.md).
 */
@AutoService(Processor.class)
public final class CoroutineProcessor extends AbstractProcessor {
  /** Classes whose companions are written and whose state machines are due next round. */
  private final Set<String> pendingStateMachines = new LinkedHashSet<>();

  private Trees trees;
  private Diagnostics diagnostics;
  private boolean reportedNeedsJavac;
  /** Rewrites the line tables of state machines once javac has written them; null without javac. */
  private TemplateLines templateLines;

  /**
   * Also claims the {@code @Generated} on the classes it writes: nothing processes that
   * annotation, and javac's {@code -Xlint:processing} would otherwise warn that no processor
   * claimed it, failing builds that use {@code -Werror}.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(TemplateReader.COROUTINE_ANNOTATION, "javax.annotation.processing.Generated");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    trees = JavacEnvironment.trees(environment);
    diagnostics = new Diagnostics(environment.getMessager(), trees);
    if (trees != null) {
      templateLines = TemplateLines.register(JavacEnvironment.unwrap(environment), environment);
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement coroutine =
        processingEnv.getElementUtils().getTypeElement(TemplateReader.COROUTINE_ANNOTATION);
    if (coroutine == null) {
      return false;
    }
    if (trees == null) {
      reportNeedsJavac(round.getElementsAnnotatedWith(coroutine));
      return true;
    }
    Set<String> due = new LinkedHashSet<>(pendingStateMachines);
    pendingStateMachines.clear();
    for (String className : due) {
      if (!writeStateMachines(className, round.processingOver())) {
        pendingStateMachines.add(className); // waits for a class another processor generates
      }
    }
    diagnostics.flush();
    Map<TypeElement, Boolean> classes = new LinkedHashMap<>();
    for (Element method : round.getElementsAnnotatedWith(coroutine)) {
      classes.put((TypeElement) method.getEnclosingElement(), true);
    }
    // An error makes javac's next round its last, and a file written in the last round draws a
    // warning; the state machines of the valid classes are written next round, so what is found
    // while writing companions is reported then, after them.
    diagnostics.holdBack(!round.processingOver());
    for (TypeElement type : classes.keySet()) {
      writeCompanion(type);
    }
    findMisuses(round);
    if (pendingStateMachines.isEmpty()) {
      diagnostics.flush(); // no next round is certain to come
    }
    return true;
  }

  /**
   * Without javac's Tree API no body can be read, so nothing is generated: one error, at the
   * first coroutine, says so and what to do, rather than one per method or a silent nothing.
   */
  private void reportNeedsJavac(Set<? extends Element> coroutines) {
    if (reportedNeedsJavac || coroutines.isEmpty()) {
      return;
    }
    reportedNeedsJavac = true;
    diagnostics.errorNow(
        DiagnosticId.NEEDS_JAVAC,
        "the yieldfrom processor needs javac: it compiles @Coroutine bodies through javac's"
            + " Compiler Tree API (com.sun.source), which this compiler does not have (Eclipse's"
            + " compiler, ecj, run by Eclipse and m2e, has none), so it generated nothing. Build"
            + " with javac (Maven's and Gradle's default); for Eclipse, see \"In an IDE\" in"
            + " yieldfrom's README",
        firstDeclared(coroutines));
  }

  /** ecj's set of annotated elements is unordered; its member lists are in source order. */
  private static Element firstDeclared(Set<? extends Element> coroutines) {
    Element any = coroutines.iterator().next();
    for (Element member : any.getEnclosingElement().getEnclosedElements()) {
      if (coroutines.contains(member)) {
        return member;
      }
    }
    return any;
  }

  /** Each compilation unit of the round that imports from yieldfrom, scanned once. */
  private void findMisuses(RoundEnvironment round) {
    MisuseScanner scanner = new MisuseScanner(trees, diagnostics);
    Set<CompilationUnitTree> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Element root : round.getRootElements()) {
      TreePath path = trees.getPath(root);
      if (path == null || !seen.add(path.getCompilationUnit())) {
        continue;
      }
      CompilationUnitTree unit = path.getCompilationUnit();
      if (!MisuseScanner.concerns(unit)) {
        continue;
      }
      try {
        scanner.scan(unit);
      } catch (RuntimeException bug) {
        internalError(root, bug);
      }
    }
  }

  private void writeCompanion(TypeElement type) {
    try {
      CoroutineClass coroutines =
          new TemplateReader(processingEnv.getElementUtils(), diagnostics).read(type);
      if (coroutines == null) {
        return;
      }
      if (!checkNameIsFree(coroutines)) {
        return;
      }
      write(new CompanionWriter(processingEnv.getElementUtils()).write(coroutines), type);
      pendingStateMachines.add(type.getQualifiedName().toString());
    } catch (Diagnostics.AbortException reported) {
      // errors are reported at their trees
    } catch (RuntimeException bug) {
      internalError(type, bug);
    }
  }

  /**
   * The generated names are free unless the user wrote a class of that name (one compiled by an
   * earlier build, with no source here, is what this build regenerates).
   */
  private boolean checkNameIsFree(CoroutineClass coroutines) {
    String companion = coroutines.companion().canonicalName();
    if (isDeclaredInSource(companion)) {
      diagnostics.error(
          DiagnosticId.NAME_CLASH,
          "the companion class "
              + companion
              + " that yieldfrom generates for the coroutines of "
              + coroutines.type().getSimpleName()
              + " already exists; rename that class",
          coroutines.type());
      return false;
    }
    boolean free = true;
    for (CoroutineMethod method : coroutines.methods()) {
      String machine = method.stateMachine().canonicalName();
      if (isDeclaredInSource(machine)) {
        diagnostics.error(
            DiagnosticId.NAME_CLASH,
            "the class "
                + machine
                + " already exists, and yieldfrom names the state machine of "
                + method.name()
                + " so; rename that class (names with $0 are yieldfrom's)",
            method.element());
        free = false;
      }
    }
    return free;
  }

  private boolean isDeclaredInSource(String qualifiedName) {
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualifiedName);
    return existing != null && trees.getPath(existing) != null;
  }

  /** Returns false if the class must wait for a later round (see {@link AttributionGuard}). */
  private boolean writeStateMachines(String className, boolean lastRound) {
    TypeElement type = processingEnv.getElementUtils().getTypeElement(className);
    if (type == null) {
      return true;
    }
    if (!lastRound && !safeToAttribute(type)) {
      return false;
    }
    CoroutineClass coroutines;
    try {
      // Signatures were checked (and errors reported) in the round that wrote the companion.
      coroutines =
          new TemplateReader(processingEnv.getElementUtils(), Diagnostics.silent()).read(type);
    } catch (RuntimeException bug) {
      internalError(type, bug);
      return true;
    }
    if (coroutines == null) {
      return true;
    }
    String sourceFile = sourceFileName(type);
    StateMachineWriter writer = new StateMachineWriter(processingEnv.getElementUtils());
    for (CoroutineMethod method : coroutines.methods()) {
      StateMachine body = lower(method);
      try {
        StateMachineWriter.Rendered machine = writer.write(coroutines, method, body, sourceFile);
        if (templateLines != null && machine.lines() != null) {
          templateLines.expect(machine.name().canonicalName(), machine.lines());
        }
        write(machine.name().canonicalName(), machine.source(), type);
      } catch (RuntimeException bug) {
        internalError(method.element(), bug);
      }
    }
    return true;
  }

  private boolean safeToAttribute(TypeElement type) {
    AttributionGuard guard = new AttributionGuard(processingEnv.getElementUtils());
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof javax.lang.model.element.ExecutableElement method
          && TemplateReader.isCoroutine(method)) {
        TreePath path = trees.getPath(method);
        if (path != null
            && !guard.safeToAttribute(
                method,
                (com.sun.source.tree.MethodTree) path.getLeaf(),
                path.getCompilationUnit())) {
          return false;
        }
      }
    }
    return true;
  }

  /** The state machine of the body, or null where errors were reported (a stub keeps the build's errors few). */
  private StateMachine lower(CoroutineMethod method) {
    try {
      TreePath path = trees.getPath(method.element());
      if (path == null) {
        return null;
      }
      BodyAttribution attribution = BodyAttribution.attribute(trees, path);
      if (attribution.isErroneous()) {
        return null; // javac reports the template's own errors
      }
      return Lowering.lower(
          method,
          attribution,
          diagnostics,
          processingEnv.getElementUtils(),
          processingEnv.getTypeUtils());
    } catch (Diagnostics.AbortException reported) {
      return null;
    } catch (RuntimeException bug) {
      internalError(method.element(), bug);
      return null;
    }
  }

  private String sourceFileName(TypeElement type) {
    TreePath path = trees.getPath(type);
    if (path == null) {
      return type.getSimpleName() + ".java";
    }
    String name = path.getCompilationUnit().getSourceFile().getName();
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  }

  private void write(String qualifiedName, String source, Element origin) {
    try (java.io.Writer out =
        processingEnv.getFiler().createSourceFile(qualifiedName, origin).openWriter()) {
      out.write(source);
    } catch (IOException e) {
      diagnostics.error(DiagnosticId.WRITE_FAILED, "could not write " + qualifiedName + ": " + e, origin);
    }
  }

  private void write(JavaFile file, Element origin) {
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      diagnostics.error(
          DiagnosticId.WRITE_FAILED,
          "could not write " + file.packageName() + "." + file.typeSpec().name() + ": " + e,
          origin);
    }
  }

  private void internalError(Element element, Throwable bug) {
    StringWriter trace = new StringWriter();
    bug.printStackTrace(new PrintWriter(trace));
    diagnostics.errorNow(
        DiagnosticId.INTERNAL_ERROR,
        "the yieldfrom processor failed on "
            + element
            + "; this is a bug in yieldfrom, please report it with this message:\n"
            + trace,
        element);
  }
}
