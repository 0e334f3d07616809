package dev.yieldfrom.processor.classfile;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import dev.yieldfrom.processor.diag.DiagnosticId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Gives the class files of state machines the template's file name and lines, right after javac
 * writes each (a {@link TaskListener} on the {@code GENERATE} phase, through the public
 * {@link JavacTask} API). A debugger then resolves a breakpoint on a line of a coroutine body to
 * the state machine's code, and native stack frames show the template's file and line.
 *
 * <p>Class files are read and rewritten through the {@link Filer}, so it works with whatever file
 * manager the build uses. Where that fails (a build tool keeping class files elsewhere), the
 * classes keep the generated source's lines, and one note says so.
 */
public final class TemplateLines implements TaskListener {
  /** By the qualified name of each state machine class still to be written. */
  private final Map<String, LineMap> expected = new ConcurrentHashMap<>();
  private final Filer filer;
  private final Messager messager;
  private final Elements elements;
  private boolean noted;

  private TemplateLines(ProcessingEnvironment environment) {
    this.filer = environment.getFiler();
    this.messager = environment.getMessager();
    this.elements = environment.getElementUtils();
  }

  /**
   * Listens to the compilation behind {@code javac} (the unwrapped environment); files go through
   * {@code environment}'s Filer, as the build tool wants.
   */
  public static TemplateLines register(ProcessingEnvironment javac, ProcessingEnvironment environment) {
    TemplateLines listener = new TemplateLines(environment);
    try {
      JavacTask.instance(javac).addTaskListener(listener);
    } catch (RuntimeException | LinkageError unsupported) {
      listener.note("cannot listen to this compilation (" + unsupported + ")");
      return null;
    }
    return listener;
  }

  /** The class {@code qualifiedName}, about to be compiled from generated source, maps so. */
  public void expect(String qualifiedName, LineMap lines) {
    expected.put(qualifiedName, lines);
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.GENERATE || event.getTypeElement() == null) {
      return;
    }
    TypeElement type = event.getTypeElement();
    LineMap lines = expected.get(topLevel(type).getQualifiedName().toString());
    if (lines == null) {
      return;
    }
    try {
      rewrite(type, lines);
    } catch (IOException | RuntimeException failure) {
      note(
          "could not give "
              + type.getQualifiedName()
              + " the lines of "
              + lines.sourceFile()
              + " ("
              + failure
              + ")");
    }
  }

  /** Once per compilation: the build works, only debugging the template does not. */
  private void note(String why) {
    if (!noted) {
      noted = true;
      messager.printMessage(
          Diagnostic.Kind.NOTE,
          "[" + DiagnosticId.LINE_TABLES.id() + "] yieldfrom "
              + why
              + ": breakpoints in coroutine bodies will not be hit, and stack frames show lines"
              + " of the generated source");
    }
  }

  private void rewrite(TypeElement type, LineMap lines) throws IOException {
    PackageElement pkg = elements.getPackageOf(type);
    String binary = elements.getBinaryName(type).toString();
    String relative =
        (pkg.isUnnamed() ? binary : binary.substring(pkg.getQualifiedName().length() + 1)) + ".class";
    ModuleElement module = elements.getModuleOf(type);
    String where =
        (module == null || module.isUnnamed() ? "" : module.getQualifiedName() + "/")
            + pkg.getQualifiedName();
    FileObject written = filer.getResource(StandardLocation.CLASS_OUTPUT, where, relative);
    byte[] original;
    try (InputStream in = written.openInputStream()) {
      original = in.readAllBytes();
    }
    byte[] patched = ClassFilePatcher.patch(original, lines);
    try (OutputStream out =
        filer.createResource(StandardLocation.CLASS_OUTPUT, where, relative).openOutputStream()) {
      out.write(patched);
    }
  }

  private static TypeElement topLevel(TypeElement type) {
    TypeElement top = type;
    for (Element e = type.getEnclosingElement(); e != null && !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (e instanceof TypeElement enclosing) {
        top = enclosing;
      }
    }
    return top;
  }
}
