package dev.yieldfrom.bench.net;

import java.nio.charset.StandardCharsets;

/** What every HTTP hello server of the benchmark answers, and how requests are told apart. */
final class Http {
  private Http() {}

  static final String BODY = "Hello, World!";

  /** The full response, the same bytes from every hand-written server. */
  static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
      + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

  /** The load generator's request: keep-alive is HTTP/1.1's default. */
  static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * Counts the ends of request heads (CRLF CRLF) in a byte stream that arrives in pieces: a
   * request without a body ends there. {@link #feed} returns how many ended in the bytes given.
   */
  static final class RequestEnds {
    private int matched; // how much of CRLF CRLF the stream ended with so far

    int feed(byte[] bytes, int from, int to) {
      int ends = 0;
      for (int i = from; i < to; i++) {
        byte b = bytes[i];
        if (b == (matched % 2 == 0 ? '\r' : '\n')) {
          if (++matched == 4) {
            ends++;
            matched = 0;
          }
        } else {
          matched = b == '\r' ? 1 : 0;
        }
      }
      return ends;
    }
  }
}
