package dev.yieldfrom.net;

/**
 * The stream ended before the bytes asked for arrived (asyncio's IncompleteReadError), raised by
 * {@link StreamReader#readexactly} and {@link StreamReader#readuntil}. It carries what was read.
 *
 * <p>Unchecked, as every exception a coroutine body may want to catch around {@code yieldFrom}.
 */
public class IncompleteReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final byte[] partial;
  private final int expected;

  /**
   * @param partial the bytes read before the end of the stream
   * @param expected how many bytes were asked for, or -1 when reading up to a separator
   */
  public IncompleteReadException(byte[] partial, int expected) {
    super(
        partial.length
            + " bytes read on a total of "
            + (expected < 0 ? "undefined" : String.valueOf(expected))
            + " expected bytes");
    this.partial = partial;
    this.expected = expected;
  }

  /** The bytes read before the stream ended (not a copy). */
  public byte[] partial() {
    return partial;
  }

  /** The number of bytes asked for, or -1 for {@code readuntil} (Python's None). */
  public int expected() {
    return expected;
  }
}
