package dev.yieldfrom.examples.net;

/**
 * What the PyMOTW network programs print: Python's logging with the format
 * {@code '%(name)s: %(message)s'} on stderr, and {@code repr(bytes)}.
 */
final class PyLog {
  private PyLog() {}

  static void debug(String logger, String message) {
    System.err.println(logger + ": " + message);
  }

  /** Python's {@code repr(b)} of a bytes object: b'...' with Python's escapes. */
  static String reprBytes(byte[] bytes) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : bytes) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder repr = new StringBuilder("b").append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '\\' -> repr.append("\\\\");
        case '\n' -> repr.append("\\n");
        case '\r' -> repr.append("\\r");
        case '\t' -> repr.append("\\t");
        default -> {
          if (c == quote) {
            repr.append('\\').append((char) c);
          } else if (c < 0x20 || c >= 0x7f) {
            repr.append(String.format("\\x%02x", c));
          } else {
            repr.append((char) c);
          }
        }
      }
    }
    return repr.append(quote).toString();
  }
}
