package dev.yieldfrom.processor.emit;

import dev.yieldfrom.processor.model.RuntimeNames;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.yieldfrom.processor.classfile.LineMap;
import dev.yieldfrom.processor.model.CoroutineClass;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.LineTable;
import dev.yieldfrom.processor.model.StateMachine;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Writes the state machine of each coroutine method: a top-level class of its own (named by
 * {@link CoroutineMethod#stateMachine}), extending the method's return type ({@code Co} or
 * {@code Gen}), keeping the template's parameters and lifted locals as fields, and implementing
 * {@code resume}. Each is a file of its own: a second top-level class in one file would draw
 * javac's auxiliary-class warning wherever the companion names it.
 */
public final class StateMachineWriter {
  private final Elements elements;

  public StateMachineWriter(Elements elements) {
    this.elements = elements;
  }

  /**
   * A written state machine.
   *
   * @param name its class
   * @param lineTable which lines of {@code source} come from which template line (what its
   *     {@code debugInfo()} carries); null for a stub, whose body could not be lowered
   * @param lines the same, as the class file's line numbers are rewritten through; null for a stub
   */
  public record Rendered(ClassName name, String source, LineTable lineTable, LineMap lines) {}

  /**
   * Writes the file. The line table in {@code debugInfo()} depends on where the resume method
   * falls in the file, which only JavaPoet knows once it has laid the file out: so the file is
   * rendered once with a token of the writer's own as the resume loop's label and a placeholder
   * in the {@code debugInfo()} literal; the line of the token places the resume body, whose own
   * lines {@link ResumeMethodWriter} counted; then the token becomes the label and the
   * placeholder the table, each on its line, so no line moves.
   *
   * @param machine the state machine; null where the body could not be lowered
   * @param sourceFile the simple name of the template's source file, for stack traces
   */
  public Rendered write(
      CoroutineClass coroutines, CoroutineMethod method, StateMachine machine, String sourceFile) {
    if (machine == null) {
      return new Rendered(
          method.stateMachine(),
          render(coroutines, method, null, null, null, sourceFile).toString(),
          null,
          null);
    }
    for (int salt = 0; ; salt++) {
      String anchor = "yieldfrom$" + salt + "$" + method.name();
      ResumeMethodWriter.Body body = ResumeMethodWriter.write(machine, anchor);
      String text = render(coroutines, method, machine, body, anchor, sourceFile).toString();
      List<String> lines = List.of(text.split("\n", -1));
      int at = onlyLineWith(lines, anchor + ":");
      if (at < 0 || onlyLineWith(lines, placeholder(anchor)) < 0) {
        continue; // the template's own text has the token: take another
      }
      LineTable table = body.lines().shifted(at + 1 - body.loopLine());
      text =
          text.replace(anchor + ":", RuntimeNames.RESUME + ":")
              .replace(placeholder(anchor), table.format());
      int[] templateLines = new int[lines.size() + 1];
      for (LineTable.Range range : table.ranges()) {
        for (int line = range.from(); line <= range.to() && line < templateLines.length; line++) {
          templateLines[line] = (int) range.templateLine();
        }
      }
      LineMap map =
          new LineMap(sourceFile, templateLines, machine.suspensionLines().get(0).intValue());
      return new Rendered(method.stateMachine(), text, table, map);
    }
  }

  private static String placeholder(String anchor) {
    return "@@" + anchor + "@@";
  }

  /** The index of the one line containing {@code token}, or -1 if none or several do. */
  private static int onlyLineWith(List<String> lines, String token) {
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(token)) {
        if (found >= 0 || lines.get(i).indexOf(token) != lines.get(i).lastIndexOf(token)) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  private JavaFile render(
      CoroutineClass coroutines,
      CoroutineMethod method,
      StateMachine machine,
      ResumeMethodWriter.Body body,
      String anchor,
      String sourceFile) {
    String debugInfo =
        machine == null
            ? null
            : RuntimeNames.debugInfo(
                elements.getBinaryName(coroutines.type()).toString(),
                method.name(),
                sourceFile,
                states(machine.suspensionLines()),
                placeholder(anchor));
    TypeSpec.Builder type = stateMachine(coroutines, method, machine, body, debugInfo);
    type.addOriginatingElement(coroutines.type());
    AnnotationSpec generated =
        Generation.generated(elements, coroutines.type(), "from " + coroutines.type().getQualifiedName());
    if (generated != null) {
      type.addAnnotation(generated);
    }
    return JavaFile.builder(method.stateMachine().packageName(), type.build())
        .addFileComment(
            "Generated by yieldfrom from $L. Do not edit: each state below is commented with the"
                + " template line it comes from.",
            coroutines.type().getSimpleName())
        .skipJavaLangImports(true)
        .build();
  }

  private TypeSpec.Builder stateMachine(
      CoroutineClass coroutines,
      CoroutineMethod method,
      StateMachine body,
      ResumeMethodWriter.Body resumeBody,
      String debugInfo) {
    TypeSpec.Builder machine =
        TypeSpec.classBuilder(method.stateMachine())
            .addModifiers(Modifier.FINAL)
            .addTypeVariables(Generation.typeVariables(method))
            .superclass(TypeName.get(method.returnType()))
            .addJavadoc(
                "The coroutine {@link $T#$L}.\n", ClassName.get(coroutines.type()), method.name());
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    if (!method.isStatic()) {
      TypeName self = Generation.selfType(method);
      machine.addField(FieldSpec.builder(self, RuntimeNames.SELF, Modifier.PRIVATE, Modifier.FINAL).build());
      constructor.addParameter(self, RuntimeNames.SELF).addStatement("this.$N = $N", RuntimeNames.SELF, RuntimeNames.SELF);
    }
    List<? extends VariableElement> parameters = method.element().getParameters();
    if (body == null) {
      for (VariableElement parameter : parameters) {
        constructor.addParameter(TypeName.get(parameter.asType()), parameter.getSimpleName().toString());
      }
    } else {
      for (StateMachine.Field field : body.fields()) {
        machine.addField(FieldSpec.builder(field.type(), field.name(), Modifier.PRIVATE).build());
        if (field.parameter() != null) {
          constructor
              .addParameter(field.type(), field.name())
              .addStatement("this.$N = $N", field.name(), field.name());
        }
      }
    }
    machine.addMethod(constructor.build());
    CodeBlock resume =
        body != null
            ? resumeBody.code()
            : CodeBlock.of(
                "throw new $T($S);\n",
                IllegalStateException.class,
                "the body of " + method.name() + " did not compile");
    machine.addMethod(
        MethodSpec.methodBuilder(RuntimeNames.RESUME)
            .addAnnotation(Override.class)
            .addAnnotation(
                AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "{$S, $S}", "unchecked", "fallthrough")
                    .build())
            .addModifiers(Modifier.PROTECTED)
            .returns(Object.class)
            .addParameter(Object.class, RuntimeNames.SENT)
            .addParameter(Throwable.class, RuntimeNames.THROWN)
            .addException(Throwable.class)
            .addCode(resume)
            .build());
    if (debugInfo != null) {
      // Read only when an exception leaves this coroutine: see dev.yieldfrom.runtime.Traceback.
      machine.addMethod(
          MethodSpec.methodBuilder(RuntimeNames.DEBUG_INFO)
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PROTECTED)
              .returns(String.class)
              .addStatement("return $S", debugInfo)
              .build());
    }
    return machine;
  }

  /** The {@code state:line,...} table of where each resume state waits. */
  private static String states(Map<Integer, Long> suspensionLines) {
    StringBuilder table = new StringBuilder();
    suspensionLines.forEach(
        (state, line) -> {
          if (table.length() > 0) {
            table.append(',');
          }
          table.append(state).append(':').append(line);
        });
    return table.toString();
  }
}
