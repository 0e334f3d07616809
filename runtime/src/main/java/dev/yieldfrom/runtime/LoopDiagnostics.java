package dev.yieldfrom.runtime;

/**
 * How a loop reports what goes wrong: its exception handler and logger, debug mode and the slow
 * callback warning, and the failed futures nobody retrieved. Loop thread only, like the loop.
 */
final class LoopDiagnostics {
  private final EventLoop loop;
  private ExceptionHandler exceptionHandler;
  private System.Logger logger = System.getLogger(EventLoop.class.getName());
  /** Read for every callback the loop runs: a plain field of this object. */
  boolean debug = Boolean.getBoolean("yieldfrom.debug");
  private double slowCallbackDuration = 0.1;
  private UnretrievedFailures unretrievedFailures;

  LoopDiagnostics(EventLoop loop) {
    this.loop = loop;
  }

  void setExceptionHandler(ExceptionHandler handler) {
    exceptionHandler = handler;
  }

  ExceptionHandler exceptionHandler() {
    return exceptionHandler;
  }

  /** See {@link EventLoop#callExceptionHandler}. */
  void callExceptionHandler(ExceptionContext context) {
    ExceptionHandler handler = exceptionHandler;
    if (handler == null) {
      defaultExceptionHandler(context);
      return;
    }
    try {
      handler.handle(loop, context);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      defaultExceptionHandler(
          ExceptionContext.of("Unhandled error in exception handler", failure));
      defaultExceptionHandler(context);
    }
  }

  /** See {@link EventLoop#defaultExceptionHandler}. */
  void defaultExceptionHandler(ExceptionContext context) {
    StringBuilder message = new StringBuilder(context.message());
    if (context.future() != null) {
      message.append("\n  future: ").append(context.future());
    }
    if (context.handle() != null) {
      message.append("\n  handle: ").append(context.handle());
    }
    if (context.exception() != null) {
      logger.log(System.Logger.Level.ERROR, message.toString(), context.exception());
    } else {
      logger.log(System.Logger.Level.ERROR, message.toString());
    }
  }

  System.Logger logger() {
    return logger;
  }

  void setLogger(System.Logger logger) {
    if (logger == null) {
      throw new NullPointerException("logger");
    }
    this.logger = logger;
  }

  double slowCallbackDuration() {
    return slowCallbackDuration;
  }

  void setSlowCallbackDuration(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("slow callback duration must be >= 0: " + seconds);
    }
    slowCallbackDuration = seconds;
  }

  /** Debug mode: runs {@code entry} and warns if it was slow. */
  void runTimed(LoopCallback entry) {
    long started = System.nanoTime();
    entry.runOnLoop(loop);
    if (!(entry instanceof SelectedKeys)) { // which times each of its handlers
      warnIfSlow(started, entry);
    }
  }

  /** In debug mode, after running {@code what}: warns if it took too long. */
  void warnIfSlow(long startedNanos, Object what) {
    double took = (System.nanoTime() - startedNanos) / 1e9;
    if (took >= slowCallbackDuration) {
      logger.log(
          System.Logger.Level.WARNING,
          "Executing " + what + " took " + String.format("%.3f", took) + " seconds");
    }
  }

  /** The loop's unretrieved failures, made on the first failure. */
  UnretrievedFailures unretrievedFailures() {
    if (unretrievedFailures == null) {
      unretrievedFailures = new UnretrievedFailures();
    }
    return unretrievedFailures;
  }

  /** Reports the failed futures collected unretrieved since the last iteration. */
  void reportCollectedFailures() {
    if (unretrievedFailures != null) {
      unretrievedFailures.reportCollected(loop);
    }
  }

  /** The loop is closing: reports every failure still unretrieved. */
  void reportAllFailures() {
    if (unretrievedFailures != null) {
      unretrievedFailures.reportAll(loop);
    }
  }
}
