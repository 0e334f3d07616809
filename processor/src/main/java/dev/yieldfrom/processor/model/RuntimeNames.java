package dev.yieldfrom.processor.model;

/**
 * Every name the generated code shares with the runtime and the annotations: the contract the
 * processor holds the runtime to without depending on it (the processor imports nothing of {@code
 * dev.yieldfrom.runtime}, so these are spelled once here; the runtime's tests hold the other side).
 * See docs/ARCHITECTURE.md, "Contract between generated code and runtime".
 */
public final class RuntimeNames {
  /** The annotation that marks a template method. */
  public static final String COROUTINE = "dev.yieldfrom.Coroutine";

  /** The package every runtime name below lives in. */
  public static final String RUNTIME_PACKAGE = "dev.yieldfrom.runtime";

  /** The coroutine driven by an event loop, {@code Co<R>}: a state machine's superclass. */
  public static final String CO = RUNTIME_PACKAGE + ".Co";

  /** The PEP 342 generator, {@code Gen<Y, S, R>}: a state machine's superclass. */
  public static final String GEN = RUNTIME_PACKAGE + ".Gen";

  /** The class of the helpers a template calls: {@code yieldFrom}, {@code yieldValue}, {@code done}. */
  public static final String YIELD = RUNTIME_PACKAGE + ".Yield";

  public static final String YIELD_FROM = "yieldFrom";
  public static final String YIELD_VALUE = "yieldValue";
  public static final String DONE = "done";

  /** {@code protected Object resume(Object $sent, Throwable $thrown)}: one step of the machine. */
  public static final String RESUME = "resume";

  /** The value sent into the machine at a resume point. */
  public static final String SENT = "$sent";

  /** The exception thrown into the machine at a resume point, or null. */
  public static final String THROWN = "$thrown";

  /** {@code protected int state}: the state {@code resume} enters next. */
  public static final String STATE = "state";

  /** {@code protected Object delegate(Object)}: suspend on an inner generator or awaitable. */
  public static final String DELEGATE = "delegate";

  /** {@code protected Object returnValue(Object)}: finish with a result. */
  public static final String RETURN_VALUE = "returnValue";

  /**
   * {@code protected String debugInfo()}: read by {@code Traceback} when an exception leaves the
   * machine. Its format is {@link #debugInfo}'s.
   */
  public static final String DEBUG_INFO = "debugInfo";

  /**
   * The receiver of an instance template, a field of its state machine. Not a runtime name, but
   * one the lowering and the writer must agree on.
   */
  public static final String SELF = "$self";

  private RuntimeNames() {}

  /**
   * The text of {@code debugInfo()}: {@code binaryName|method|file|states|lines}, where {@code
   * states} is {@code state:templateLine,...} (where each resume state waits) and {@code lines} is
   * {@code from-to:templateLine,...} (which lines of the generated file come from which template
   * line). {@code Traceback} splits it on {@code |} and then on {@code ,:-}.
   */
  public static String debugInfo(
      String binaryName, String method, String sourceFile, String states, String lines) {
    return String.join("|", binaryName, method, sourceFile, states, lines);
  }
}
