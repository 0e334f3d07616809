package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import dev.yieldfrom.processor.diag.DiagnosticId;
import dev.yieldfrom.processor.diag.Diagnostics;
import dev.yieldfrom.processor.lower.TypeNames.UnnameableTypeException;
import dev.yieldfrom.processor.model.CoroutineMethod;
import dev.yieldfrom.processor.read.BodyAttribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the lowering's passes share: the method and its attribution, the listing being written,
 * the jump targets, the names handed out and the locals made so far, and the passes themselves.
 *
 * <p>The passes call each other, by nature: a statement holds expressions, and a switch
 * expression holds statements ({@link Spiller} reaches statements only through {@link
 * StatementLowering#switchExpression}). Roslyn avoids the back-edge by rewriting the bound tree
 * in a pass of its own first; javac's tree API is read-only, so here the split buys classes of
 * one concern each, not an acyclic graph (regenerator keeps both in one file for the same reason).
 */
final class LoweringContext {
  final CoroutineMethod method;
  final BodyAttribution attribution;
  final Diagnostics diagnostics;
  final Types types;
  final Elements elements;
  final BodyFacts facts;
  final Listing out = new Listing();
  final Jumps jumps = new Jumps();
  final Names names = new Names();
  /** The local each variable of the body became. */
  final Map<Element, LocalVar> locals = new HashMap<>();
  /** Every local made, in order: parameters, body locals, temporaries. */
  final List<LocalVar> variables = new ArrayList<>();
  /** The lifted locals as Java locals of resume, under their own names (for debuggers). */
  final Mirrors mirrors = new Mirrors(variables);
  final Map<LocalVar, Tree> declarations = new HashMap<>();
  /** The template line of the statement being lowered, and of each resume point. */
  long currentLine = -1;
  final Map<Label, Long> resumeLines = new java.util.LinkedHashMap<>();
  final StatementLowering statements;
  final SourceRewriter rewriter;
  final TryLowering tries;
  final Spiller spiller;

  LoweringContext(
      CoroutineMethod method,
      BodyAttribution attribution,
      Diagnostics diagnostics,
      Elements elements,
      Types types) {
    this.method = method;
    this.attribution = attribution;
    this.diagnostics = diagnostics;
    this.types = types;
    this.elements = elements;
    this.facts = new BodyFacts(attribution, diagnostics);
    this.statements = new StatementLowering(this);
    this.rewriter =
        new SourceRewriter(
            attribution,
            diagnostics,
            elements,
            (TypeElement) method.element().getEnclosingElement(),
            statements);
    this.tries = new TryLowering(this);
    this.spiller = new Spiller(this);
  }

  LocalVar newLocal(String name, LocalVar.Kind kind, TypeMirror type, Tree declaration) {
    TypeName typeName;
    try {
      typeName = type == null ? null : TypeNames.of(type);
    } catch (UnnameableTypeException e) {
      typeName = null;
    }
    LocalVar local =
        new LocalVar(
            kind == LocalVar.Kind.TEMPORARY ? names.temporary() : names.local(name),
            kind,
            typeName,
            type);
    variables.add(local);
    declarations.put(local, declaration);
    return local;
  }

  LocalVar temporary(TypeMirror type, Tree forTree) {
    if (type == null) {
      diagnostics.error(
          DiagnosticId.UNKNOWN_TYPE,
          "cannot tell the type of this expression, which must be kept across a suspension;"
              + " assign it to a local with an explicit type first",
          forTree,
          attribution.unit());
      type = types.getNullType();
    }
    return newLocal(null, LocalVar.Kind.TEMPORARY, type, forTree);
  }

  TypeName typeName(TypeMirror type, Tree tree) {
    try {
      return TypeNames.of(type);
    } catch (UnnameableTypeException e) {
      diagnostics.error(DiagnosticId.UNNAMEABLE_TYPE, e.getMessage(), tree, attribution.unit());
      return ClassName.OBJECT;
    }
  }

  static ExpressionTree unparenthesized(ExpressionTree tree) {
    while (tree instanceof ParenthesizedTree parenthesized) {
      tree = parenthesized.getExpression();
    }
    return tree;
  }

  Code unsupported(Tree tree, String advice) {
    diagnostics.error(DiagnosticId.UNSUPPORTED, advice, tree, attribution.unit());
    return Code.of("null");
  }
}
