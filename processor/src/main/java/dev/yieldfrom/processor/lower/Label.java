package dev.yieldfrom.processor.lower;

/** A point in the state machine, created before it is known and marked when reached. */
final class Label {
  private int state = -1;
  private boolean targeted;

  int state() {
    if (state < 0) {
      throw new IllegalStateException("label used but never marked");
    }
    return state;
  }

  boolean isMarked() {
    return state >= 0;
  }

  void mark(int state) {
    if (this.state >= 0) {
      throw new IllegalStateException("label marked twice");
    }
    this.state = state;
  }

  /** Records that a jump goes here, so its state must exist even if empty. */
  Label target() {
    targeted = true;
    return this;
  }

  boolean isTargeted() {
    return targeted;
  }
}
