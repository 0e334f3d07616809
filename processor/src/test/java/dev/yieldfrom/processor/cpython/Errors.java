package dev.yieldfrom.processor.cpython;

/**
 * Java stand-ins for the Python exception classes the ported tests define or raise where no JDK
 * exception is a fit. The common ones map to JDK classes: ValueError to IllegalArgumentException,
 * RuntimeError to IllegalStateException, ZeroDivisionError to ArithmeticException, TypeError to
 * ClassCastException, KeyError to {@link KeyError}, Exception to RuntimeException.
 */
public final class Errors {
  private Errors() {}

  /** test_returning_value_from_delegated_throw's {@code class LunchError(Exception)}. */
  public static final class LunchError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LunchError(String message) {
      super(message);
    }
  }

  /** test_delegating_generators_claim_to_be_running_with_throw's {@code class MyErr(Exception)}. */
  public static final class MyErr extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MyErr() {
      super();
    }
  }

  /** Python's KeyError. */
  public static final class KeyError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyError(String message) {
      super(message);
    }
  }

  /**
   * A Python {@code BaseException} that is not an {@code Exception}: an {@link Error}, so that
   * {@code catch (Exception e)} does not catch it, like {@link dev.yieldfrom.runtime.GeneratorExit}.
   */
  public static final class BaseException extends Error {
    private static final long serialVersionUID = 1L;

    public BaseException() {
      super();
    }
  }
}
