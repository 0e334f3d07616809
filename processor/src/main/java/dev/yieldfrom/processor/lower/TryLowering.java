package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import dev.yieldfrom.processor.model.RuntimeNames;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Lowers try statements whose blocks suspend (Roslyn's exception-handler rewriting): the try block
 * is an exception region whose handler state matches the catch clauses, a catch block a region
 * whose handler runs the finally, and the finally ends by replaying how it was entered (normally,
 * by a jump, a return or an exception). Resources are closed as javac's desugaring closes them.
 */
final class TryLowering {
  private final LoweringContext cx;
  private final BodyAttribution attribution;
  private final Types types;
  private final Elements elements;
  private final Listing out;
  private final Jumps jumps;
  private final Names names;
  private final Map<Element, LocalVar> locals;
  private final List<LocalVar> variables;
  private final SourceRewriter rewriter;

  TryLowering(LoweringContext cx) {
    this.cx = cx;
    this.attribution = cx.attribution;
    this.types = cx.types;
    this.elements = cx.elements;
    this.out = cx.out;
    this.jumps = cx.jumps;
    this.names = cx.names;
    this.locals = cx.locals;
    this.variables = cx.variables;
    this.rewriter = cx.rewriter;
  }

  void lowerTry(TryTree tree) {
    if (!tree.getResources().isEmpty()) {
      if (tree.getCatches().isEmpty() && tree.getFinallyBlock() == null) {
        lowerResources(tree, 0);
      } else {
        // Resources are closed before the catch and finally blocks run (JLS 14.20.3.2).
        lowerTry(() -> lowerResources(tree, 0), tree.getCatches(), tree.getFinallyBlock(), null);
      }
      return;
    }
    lowerTry(() -> cx.statements.lower(tree.getBlock()), tree.getCatches(), tree.getFinallyBlock(), null);
  }

  /** try (resource i, ...) { block }, one nested try/finally per resource. */
  private void lowerResources(TryTree tree, int index) {
    if (index == tree.getResources().size()) {
      cx.statements.lower(tree.getBlock());
      return;
    }
    Tree resource = tree.getResources().get(index);
    Code closed;
    if (resource instanceof VariableTree variable) {
      cx.statements.declare(variable);
      closed = Code.of(locals.get(attribution.elementOf(variable)));
    } else {
      ExpressionTree expression = (ExpressionTree) resource;
      closed = cx.spiller.expression(expression);
      if (!cx.spiller.isStable(expression, List.of())) {
        LocalVar held = cx.temporary(attribution.typeOf(expression), expression);
        out.statement(Code.of(held, " = ", closed, ";"));
        closed = Code.of(held);
      }
    }
    Code resourceCode = closed;
    lowerTry(() -> lowerResources(tree, index + 1), List.of(), null, exit -> closeResource(resourceCode, exit));
  }

  /** Closes a resource as javac's desugaring does: a failure while unwinding is suppressed. */
  private void closeResource(Code resource, Jumps.Finally exit) {
    out.statement(
        Code.of(
            "if (", resource, " != null) {\n", Code.INDENT,
            "if (", exit.next, " == ", Jumps.Finally.RETHROW + "", ") {\n", Code.INDENT,
            "try {\n", Code.INDENT, resource, ".close();\n", Code.UNINDENT,
            "} catch (Throwable $suppressed) {\n", Code.INDENT,
            "if ($suppressed != ", exit.exception, ") {\n", Code.INDENT,
            exit.exception, ".addSuppressed($suppressed);\n", Code.UNINDENT, "}\n", Code.UNINDENT,
            "}\n", Code.UNINDENT,
            "} else {\n", Code.INDENT, resource, ".close();\n", Code.UNINDENT, "}\n", Code.UNINDENT,
            "}"));
  }

  /**
   * A try statement whose blocks suspend. The try block is one exception region whose handler
   * state matches the catch clauses; a catch block is a region whose handler runs the finally;
   * the finally block ends by replaying how it was entered (normally, by a jump, a return, or an
   * exception), routed through any outer finally.
   *
   * @param finallyCode emits the finally block when there is no {@code finallyBlock} (resources)
   */
  void lowerTry(
      Runnable block,
      List<? extends CatchTree> catches,
      BlockTree finallyBlock,
      java.util.function.Consumer<Jumps.Finally> finallyCode) {
    boolean hasFinally = finallyBlock != null || finallyCode != null;
    Label outerHandler = out.handler();
    Label dispatch = out.newLabel();
    Label end = out.newLabel();
    Jumps.Finally exit = null;
    Label onException = null;
    if (hasFinally) {
      exit =
          new Jumps.Finally(
              out.newLabel(),
              new LocalVar(
                  names.synthetic("next"), LocalVar.Kind.TEMPORARY, TypeName.INT, null),
              new LocalVar(
                  names.synthetic("exception"),
                  LocalVar.Kind.TEMPORARY,
                  ClassName.get(Throwable.class),
                  null));
      variables.add(exit.next);
      variables.add(exit.exception);
      onException = out.newLabel();
      jumps.pushFinally(exit);
    }
    Label blockHandler = catches.isEmpty() ? onException : dispatch;
    out.enterRegion(blockHandler);
    block.run();
    out.exitRegion();
    completeInto(exit, end);
    if (!catches.isEmpty()) {
      // The handler of the try block: match the clauses in order, else leave through finally.
      out.enterRegion(outerHandler);
      out.mark(dispatch.target());
      List<Label> bodies = new ArrayList<>();
      for (CatchTree clause : catches) {
        bodies.add(matchCatch(clause));
      }
      if (hasFinally) {
        out.jump(onException);
      } else {
        out.terminal(Code.of("throw ", Names.CAUGHT, ";"));
      }
      out.exitRegion();
      for (int i = 0; i < catches.size(); i++) {
        out.enterRegion(hasFinally ? onException : outerHandler);
        out.markResumePoint(bodies.get(i).target());
        cx.statements.comment(catches.get(i));
        cx.statements.lower(catches.get(i).getBlock());
        completeInto(exit, end);
        out.exitRegion();
      }
    }
    if (hasFinally) {
      jumps.pop();
      out.enterRegion(outerHandler);
      out.markResumePoint(onException.target());
      out.statement(Code.of(exit.next, " = ", Jumps.Finally.RETHROW + "", ";"));
      out.statement(Code.of(exit.exception, " = ", Names.CAUGHT, ";"));
      out.mark(exit.start.target());
      if (finallyBlock != null) {
        long line = attribution.line(finallyBlock);
        out.origin(line, line, "finally");
        cx.statements.lower(finallyBlock);
      } else {
        finallyCode.accept(exit);
      }
      replay(exit, end);
      out.exitRegion();
    }
    out.mark(end);
  }

  /** Emits the test of one catch clause; returns the label of its body. */
  private Label matchCatch(CatchTree clause) {
    VariableTree parameter = clause.getParameter();
    Element element = attribution.elementOf(parameter);
    List<Tree> alternatives = new ArrayList<>();
    if (parameter.getType() instanceof UnionTypeTree union) {
      alternatives.addAll(union.getTypeAlternatives());
    } else {
      alternatives.add(parameter.getType());
    }
    TypeMirror caughtType = catchType(element, alternatives);
    LocalVar local =
        new LocalVar(
            names.local(parameter.getName().toString()),
            LocalVar.Kind.TEMPORARY,
            cx.typeName(caughtType, parameter),
            caughtType);
    variables.add(local);
    if (element != null) {
      locals.put(element, local);
    }
    Code test = new Code();
    for (int i = 0; i < alternatives.size(); i++) {
      test.add(i == 0 ? "" : " || ")
          .add(Names.CAUGHT)
          .add(" instanceof ")
          .add(rewriter.print(alternatives.get(i)));
    }
    Label body = out.newLabel();
    Code cast =
        TypeNames.isObject(local.type()) || local.type().equals(ClassName.get(Throwable.class))
            ? Code.of(Names.CAUGHT)
            : Code.of("(", local.type(), ") ", Names.CAUGHT);
    out.statement(
        Code.of(
            "if (", test, ") {\n", Code.INDENT,
            local, " = ", cast, ";\n",
            Listing.jumpCode(body), "\n", Code.UNINDENT, "}"));
    return body;
  }

  /** The common supertype a (multi-)catch parameter is used as. */
  private TypeMirror catchType(Element element, List<Tree> alternatives) {
    TypeMirror type = element != null ? element.asType() : null;
    if (type != null && type.getKind() != TypeKind.UNION) {
      return type;
    }
    List<TypeMirror> options = new ArrayList<>();
    for (Tree alternative : alternatives) {
      options.add(attribution.typeOf(alternative));
    }
    TypeMirror candidate = options.get(0);
    while (candidate != null && candidate.getKind() == TypeKind.DECLARED) {
      TypeMirror c = candidate;
      if (options.stream().allMatch(o -> o != null && types.isAssignable(o, c))) {
        return candidate;
      }
      candidate = ((TypeElement) types.asElement(candidate)).getSuperclass();
    }
    return elements.getTypeElement("java.lang.Throwable").asType();
  }

  /** Normal completion of a try or catch block: on to the finally, or past the try. */
  private void completeInto(Jumps.Finally exit, Label end) {
    if (out.isTerminated()) {
      return;
    }
    if (exit == null) {
      out.jump(end);
      return;
    }
    if (!exit.targets.contains(end)) {
      exit.targets.add(end);
    }
    out.statement(Code.of(exit.next, " = ", end.target(), ";"));
    out.jump(exit.start);
  }

  /** The end of a finally block: continue as the try was left. */
  private void replay(Jumps.Finally exit, Label end) {
    if (out.isTerminated()) {
      return; // the finally block itself jumped, returned or threw: that wins, as in Java
    }
    out.statement(
        Code.of(
            "if (", exit.next, " == ", Jumps.Finally.RETHROW + "", ") {\n", Code.INDENT,
            "throw ", exit.exception, ";\n", Code.UNINDENT, "}"));
    if (exit.returnsThrough) {
      out.statement(
          Code.of(
              "if (", exit.next, " == ", Jumps.Finally.RETURN + "", ") ",
              routeReturn(Code.of(returnSlot()))));
    }
    for (Label target : exit.targets) {
      if (target == end) {
        continue;
      }
      out.statement(
          Code.of("if (", exit.next, " == ", target.target(), ") ", routeJump(jumps.routeTo(target))));
    }
    out.jump(end);
  }

  // Routing: how a return or jump leaves through the finally blocks it crosses.

  /**
   * A copied statement that a jump leaves through a finally block of its own: the jump must not
   * set this.state before that finally has run (an exception it throws belongs to this state's
   * region), so it breaks out of a labeled block with its target in a local, and the state is
   * set after the block.
   */
  static final class Unwinding {
    final String label;
    final String pending;
    boolean used;

    Unwinding(String label, String pending) {
      this.label = label;
      this.pending = pending;
    }
  }

  /** The copy being printed, while one is. */
  Unwinding unwinding;

  /** Code that moves to {@code target} now: a jump, or a break out of an unwinding copy. */
  private Code transfer(Label target, boolean unwinds) {
    if (unwinds && unwinding != null) {
      unwinding.used = true;
      return Code.of(unwinding.pending, " = ", target.target(), "; break ", unwinding.label, ";");
    }
    return Code.of(Names.STATE, " = ", target.target(), "; continue ", Names.LOOP, ";");
  }

  /** A return, through every enclosing finally first. */
  Code routeReturn(Code value) {
    return routeReturn(value, false);
  }

  Code routeReturn(Code value, boolean unwinds) {
    Jumps.Finally through = jumps.returnThrough();
    if (through == null) {
      return Code.of("return ", RuntimeNames.RETURN_VALUE, "(", value, ");");
    }
    through.returnsThrough = true;
    return Code.of(
        "{ ", returnSlot(), " = ", value, "; ", through.next, " = ", Jumps.Finally.RETURN + "",
        "; ", transfer(through.start, unwinds), " }");
  }

  private LocalVar returnSlot;

  /** Where a return value waits while finally blocks run. */
  LocalVar returnSlot() {
    if (returnSlot == null) {
      returnSlot =
          new LocalVar(
              names.synthetic("returning"), LocalVar.Kind.TEMPORARY, ClassName.OBJECT, null);
      variables.add(returnSlot);
    }
    return returnSlot;
  }

  /** A jump, through the innermost finally it leaves, if any. */
  Code routeJump(Jumps.Route route) {
    return routeJump(route, false);
  }

  Code routeJump(Jumps.Route route, boolean unwinds) {
    if (route.through() == null) {
      return Code.of("{ ", transfer(route.target(), unwinds), " }");
    }
    Jumps.Finally through = route.through();
    if (!through.targets.contains(route.target())) {
      through.targets.add(route.target());
    }
    return Code.of(
        "{ ", through.next, " = ", route.target().target(), "; ", transfer(through.start, unwinds),
        " }");
  }
}
