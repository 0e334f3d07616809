package dev.yieldfrom.examples.net;

/** Just enough of an HTTP/1.1 request head for HelloServer: its body length and keep-alive. */
final class HttpHead {
  private HttpHead() {}

  /** The value of Content-Length in the head {@code bytes[from, to)}, or 0. */
  static int contentLength(byte[] bytes, int from, int to) {
    int at = find(bytes, from, to, "content-length:");
    if (at < 0) {
      return 0;
    }
    int length = 0;
    for (int i = at; i < to; i++) {
      byte b = bytes[i];
      if (b >= '0' && b <= '9') {
        length = length * 10 + (b - '0');
      } else if (b != ' ' && b != '\t') {
        break;
      }
    }
    return length;
  }

  /**
   * Whether the connection ends after this request: "Connection: close", or HTTP/1.0 without
   * "Connection: keep-alive".
   */
  static boolean closesConnection(byte[] bytes, int from, int to) {
    int connection = find(bytes, from, to, "connection:");
    if (connection >= 0 && startsWithIgnoringCase(bytes, skipSpaces(bytes, connection, to), to, "close")) {
      return true;
    }
    boolean http10 = find(bytes, from, Math.min(to, lineEnd(bytes, from, to)), "http/1.0") >= 0;
    return http10
        && !(connection >= 0
            && startsWithIgnoringCase(bytes, skipSpaces(bytes, connection, to), to, "keep-alive"));
  }

  private static int lineEnd(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  private static int skipSpaces(byte[] bytes, int at, int to) {
    while (at < to && (bytes[at] == ' ' || bytes[at] == '\t')) {
      at++;
    }
    return at;
  }

  /** The index just after {@code lowerCaseName} in {@code bytes[from, to)}, ignoring case; or -1. */
  private static int find(byte[] bytes, int from, int to, String lowerCaseName) {
    for (int i = from; i + lowerCaseName.length() <= to; i++) {
      if (startsWithIgnoringCase(bytes, i, to, lowerCaseName)) {
        return i + lowerCaseName.length();
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoringCase(byte[] bytes, int at, int to, String lowerCase) {
    if (to - at < lowerCase.length()) {
      return false;
    }
    for (int j = 0; j < lowerCase.length(); j++) {
      int b = bytes[at + j];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCase.charAt(j)) {
        return false;
      }
    }
    return true;
  }
}
