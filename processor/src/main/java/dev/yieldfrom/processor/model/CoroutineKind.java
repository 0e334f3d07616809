package dev.yieldfrom.processor.model;

/** Which runtime base class a coroutine method returns and its state machine extends. */
public enum CoroutineKind {
  /** {@code dev.yieldfrom.runtime.Co<R>}: yields go to the event loop. */
  CO(RuntimeNames.CO),
  /** {@code dev.yieldfrom.runtime.Gen<Y, S, R>}: yields go to whoever drives it. */
  GEN(RuntimeNames.GEN);

  private final String className;

  CoroutineKind(String className) {
    this.className = className;
  }

  public String className() {
    return className;
  }
}
