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
import dev.yieldfrom.processor.model.CoroutineClass;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.model.LineTable;
import dev.yieldfrom.processor.model.StateMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Class>CoroutinesImpl}: one nested state machine class per coroutine method. Each
 * extends the method's return type ({@code Co} or {@code Gen}), keeps the template's parameters
 * and lifted locals as fields, and implements {@code resume}.
 */
public final class StateMachineWriter {
  private final Elements elements;

  public StateMachineWriter(Elements elements) {
    this.elements = elements;
  }

  /**
   * A written file.
   *
   * @param lineTables for each method whose body was lowered: which lines of {@code source} come
   *     from which template line (what its {@code debugInfo()} carries)
   */
  public record Output(String source, Map<CoroutineMethod, LineTable> lineTables) {}

  /**
   * Writes the file. The line tables in each class's {@code debugInfo()} depend on where the
   * resume method falls in the file, which only JavaPoet knows once it has laid the file out: so
   * the file is rendered once with a token of the writer's own as each resume loop's label and
   * a placeholder in each {@code debugInfo()} literal; the line of each token places its resume
   * body, whose own lines {@link ResumeMethodWriter} counted; then the tokens become the label
   * and the placeholders the tables, each on its line, so no line moves.
   *
   * @param machines the state machine of each method; null where the body could not be lowered
   * @param sourceFile the simple name of the template's source file, for stack traces
   */
  public Output write(
      CoroutineClass coroutines, Map<CoroutineMethod, StateMachine> machines, String sourceFile) {
    for (int salt = 0; ; salt++) {
      Map<CoroutineMethod, String> anchors = new LinkedHashMap<>();
      Map<CoroutineMethod, ResumeMethodWriter.Body> bodies = new LinkedHashMap<>();
      for (CoroutineMethod method : coroutines.methods()) {
        StateMachine machine = machines.get(method);
        if (machine != null) {
          String anchor = "yieldfrom$" + salt + "$" + method.stateMachineName();
          anchors.put(method, anchor);
          bodies.put(method, ResumeMethodWriter.write(machine, anchor));
        }
      }
      String text = render(coroutines, machines, bodies, anchors, sourceFile).toString();
      List<String> lines = List.of(text.split("\n", -1));
      Map<CoroutineMethod, LineTable> tables = new LinkedHashMap<>();
      boolean unique = true;
      for (Map.Entry<CoroutineMethod, String> anchor : anchors.entrySet()) {
        int at = onlyLineWith(lines, anchor.getValue() + ":");
        unique &= at >= 0 && onlyLineWith(lines, placeholder(anchor.getValue())) >= 0;
        ResumeMethodWriter.Body body = bodies.get(anchor.getKey());
        tables.put(anchor.getKey(), body.lines().shifted(at + 1 - body.loopLine()));
      }
      if (!unique) {
        continue; // the template's own text has a token: take others
      }
      for (Map.Entry<CoroutineMethod, String> anchor : anchors.entrySet()) {
        text =
            text.replace(anchor.getValue() + ":", RuntimeNames.RESUME + ":")
                .replace(placeholder(anchor.getValue()), tables.get(anchor.getKey()).format());
      }
      return new Output(text, tables);
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
      Map<CoroutineMethod, StateMachine> machines,
      Map<CoroutineMethod, ResumeMethodWriter.Body> bodies,
      Map<CoroutineMethod, String> anchors,
      String sourceFile) {
    TypeSpec.Builder file =
        TypeSpec.classBuilder(coroutines.stateMachines())
            .addModifiers(Modifier.FINAL)
            .addOriginatingElement(coroutines.type())
            .addJavadoc(
                "State machines of the coroutines of {@link $T}; create them through {@link $T}.\n",
                ClassName.get(coroutines.type()),
                coroutines.companion())
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    AnnotationSpec generated =
        Generation.generated(elements, coroutines.type(), "from " + coroutines.type().getQualifiedName());
    if (generated != null) {
      file.addAnnotation(generated);
    }
    for (CoroutineMethod method : coroutines.methods()) {
      StateMachine machine = machines.get(method);
      ResumeMethodWriter.Body body = bodies.get(method);
      String debugInfo =
          machine == null
              ? null
              : RuntimeNames.debugInfo(
                  elements.getBinaryName(coroutines.type()).toString(),
                  method.name(),
                  sourceFile,
                  states(machine.suspensionLines()),
                  placeholder(anchors.get(method)));
      file.addType(stateMachine(coroutines, method, machine, body, debugInfo));
    }
    return JavaFile.builder(coroutines.stateMachines().packageName(), file.build())
        .addFileComment(
            "Generated by yieldfrom from $L. Do not edit: each state below is commented with the"
                + " template line it comes from.",
            coroutines.type().getSimpleName())
        .skipJavaLangImports(true)
        .build();
  }

  private TypeSpec stateMachine(
      CoroutineClass coroutines,
      CoroutineMethod method,
      StateMachine body,
      ResumeMethodWriter.Body resumeBody,
      String debugInfo) {
    TypeSpec.Builder machine =
        TypeSpec.classBuilder(method.stateMachineName())
            .addModifiers(Modifier.STATIC, Modifier.FINAL)
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
    return machine.build();
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
