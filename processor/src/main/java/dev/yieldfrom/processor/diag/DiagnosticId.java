package dev.yieldfrom.processor.diag;

import java.util.Locale;

/**
 * Every diagnostic the processor reports, by its stable bracketed id ({@code [YieldFromReturn]}):
 * what users grep for and tests assert. README's table of diagnostics is generated from {@link
 * #summary()} (a test keeps the two equal); the javadoc of each says where it is raised.
 */
public enum DiagnosticId {
  /** read/TemplateReader, read/MisuseScanner: the template's class is local or anonymous. */
  ENCLOSING_CLASS("a `@Coroutine` method in a local or anonymous class"),
  /** read/TemplateReader: the template's class, or one enclosing it, is private. */
  PRIVATE_CLASS("a `@Coroutine` method in a private class"),
  /** read/TemplateReader: the template method is abstract or native. */
  NO_BODY("a `@Coroutine` method without a body"),
  /** read/TemplateReader: the template returns neither {@code Co<R>} nor {@code Gen<Y, S, R>}. */
  RETURN_TYPE("a return type other than `Co<R>` or `Gen<Y, S, R>`, or a raw one"),
  /** read/MisuseScanner: a helper of {@code Yield} called outside a template. */
  OUTSIDE_COROUTINE("`yieldFrom`, `yieldValue` or `done` outside a `@Coroutine` method"),
  /** read/MisuseScanner (a warning): a template called directly instead of its factory. */
  TEMPLATE_CALL("a `@Coroutine` template called directly instead of through its companion", true),
  /** CoroutineProcessor: the companion's name is taken by a class of the build. */
  NAME_CLASH("the name of the generated companion or of a state machine is taken by another class"),
  /** lower/BodyFacts: a suspension where the state machine cannot reach it. */
  SUSPENSION_NOT_ALLOWED("a suspension in a lambda, a local or anonymous class, or `synchronized`"),
  /** lower/SourceRewriter: a private member of another class, reached from the body. */
  PRIVATE_ACCESS("a private member of another class that the state machine cannot reach"),
  /** lower/SourceRewriter: a protected member the state machine's package cannot reach. */
  PROTECTED_ACCESS("a protected member inherited from another package"),
  /** lower/SourceRewriter: {@code super.m()} in the body. */
  SUPER_CALL("`super.m()` in a coroutine body"),
  /** lower/SourceRewriter: an inner class created, or an outer instance named, from the body. */
  OUTER_INSTANCE("an outer instance (`Outer.this`, an inner class) the state machine has not got"),
  /** lower/SourceRewriter: {@code done(...)} anywhere but a return statement. */
  MISPLACED_DONE("`done(...)` anywhere but in `return done(...);`"),
  /** lower/StatementLowering: a return that is not {@code return done(...);}. */
  RETURN("a `return` that is not `return done(...);`"),
  /** lower/Spiller: a yielded value that does not fit the generator's Y. */
  YIELD_TYPE("`yieldValue(v)` with a value the generator's `Y` does not accept"),
  /** lower/Spiller: a sent value used as a type the generator's S does not fit. */
  SENT_TYPE("the result of `yieldValue` used as a type the generator's `S` does not fit"),
  /** lower/LoweringContext: a value kept across a suspension whose type javac could not tell. */
  UNKNOWN_TYPE("a value kept across a suspension whose type cannot be told"),
  /** lower/Lowering (a lifted local), lower/LoweringContext: a type the state machine cannot name. */
  UNNAMEABLE_TYPE("a local kept across a suspension whose type cannot be named in a field"),
  /** lower/StatementLowering: a local class of the body used in a later state than its declaration. */
  LOCAL_CLASS("a local class of the body used after a suspension"),
  /** lower/StatementLowering, lower/Spiller: a suspension in a construct not lowered yet. */
  UNSUPPORTED("a suspension inside a statement or expression that cannot hold one yet"),
  /** CoroutineProcessor: the Filer could not write a generated file. */
  WRITE_FAILED("a generated file that could not be written"),
  /**
   * classfile.TemplateLines, a note: a state machine's class file could not be given the
   * template's lines (the build goes on; debugging shows generated lines).
   */
  LINE_TABLES("(a note) a state machine class file that could not be given the template's lines"),
  /** CoroutineProcessor: a compiler without javac's Tree API. */
  NEEDS_JAVAC("a compiler without javac's Tree API, such as Eclipse's"),
  /** CoroutineProcessor: a bug of the processor, reported with its stack trace. */
  INTERNAL_ERROR("a failure inside the processor (a bug: please report it)");

  private final String summary;
  private final boolean warning;

  DiagnosticId(String summary) {
    this(summary, false);
  }

  DiagnosticId(String summary, boolean warning) {
    this.summary = summary;
    this.warning = warning;
  }

  /** The bracketed id without brackets, {@code YieldFromNoBody}. */
  public String id() {
    StringBuilder id = new StringBuilder("YieldFrom");
    for (String word : name().split("_")) {
      id.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return id.toString();
  }

  /** What the diagnostic is about, in README's words (Markdown). */
  public String summary() {
    return summary;
  }

  public boolean isWarning() {
    return warning;
  }
}
