package dev.yieldfrom.processor.diff;

/** A resource of random bodies' try-with-resources: logs its closing, and may fail to close. */
public final class Res implements AutoCloseable {
  private final Trace trace;
  private final String name;
  private final boolean failOnClose;

  Res(Trace trace, String name, boolean failOnClose) {
    this.trace = trace;
    this.name = name;
    this.failOnClose = failOnClose;
  }

  /** A value read from the resource inside the block. */
  public int get() {
    trace.log("get " + name);
    return name.length();
  }

  @Override
  public void close() {
    trace.log("close " + name);
    if (failOnClose) {
      throw new Boom("close " + name);
    }
  }
}
