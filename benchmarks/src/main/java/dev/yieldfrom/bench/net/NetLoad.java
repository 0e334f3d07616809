package dev.yieldfrom.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator: one thread, one Selector, {@code connections} connections to 127.0.0.1,
 * each with one request in flight (send, read the whole answer and check it, send the next). Echo
 * sends {@code messageBytes}-byte messages and expects them back byte for byte; HTTP sends a GET
 * and reads a response by its Content-Length, expecting {@code 200} and the hello body. It runs
 * for a bounded time and counts the answers; a wrong answer or a closed connection ends the run
 * with an exception.
 */
final class NetLoad implements AutoCloseable {
  private final boolean http;
  private final byte[] message;
  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private long completed;

  /** One connection's answer in progress. */
  private static final class Conversation {
    final ByteBuffer out;
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    Conversation(byte[] request) {
      out = ByteBuffer.wrap(request);
    }
  }

  NetLoad(boolean http, int port, int connections, int messageBytes) throws IOException {
    this.http = http;
    this.message = http ? Http.REQUEST : pattern(messageBytes);
    this.selector = Selector.open();
    for (int i = 0; i < connections; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      channels.add(channel);
      Conversation conversation = new Conversation(message);
      channel.write(conversation.out);
      channel.register(selector, conversation.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, conversation);
    }
  }

  private static byte[] pattern(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  /** Answers completed so far. */
  long completed() {
    return completed;
  }

  /** Drives the conversations until {@code deadlineNanos} (System.nanoTime()). */
  void runUntil(long deadlineNanos) throws IOException {
    while (true) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      selector.select(Math.max(1, left / 1_000_000));
      for (SelectionKey key : selector.selectedKeys()) {
        SocketChannel channel = (SocketChannel) key.channel();
        Conversation c = (Conversation) key.attachment();
        if (key.isWritable()) {
          channel.write(c.out);
          if (!c.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
          continue;
        }
        if (channel.read(c.in) < 0) {
          throw new IOException("the server closed a connection after " + completed + " answers");
        }
        if (answered(c.in)) {
          completed++;
          c.out.clear();
          channel.write(c.out);
          if (c.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
          }
        }
      }
      selector.selectedKeys().clear();
    }
  }

  /** Whether {@code in} holds a whole, correct answer; if so it is consumed. */
  private boolean answered(ByteBuffer in) throws IOException {
    if (!http) {
      if (in.position() < message.length) {
        return false;
      }
      if (in.position() > message.length
          || !Arrays.equals(in.array(), 0, message.length, message, 0, message.length)) {
        throw new IOException("echo answer differs from the message");
      }
      in.clear();
      return true;
    }
    byte[] bytes = in.array();
    int end = indexOf(bytes, in.position());
    if (end < 0) {
      return false;
    }
    String head = new String(bytes, 0, end, StandardCharsets.US_ASCII);
    if (!head.startsWith("HTTP/1.1 200")) {
      throw new IOException("not a 200: " + head.lines().findFirst().orElse(""));
    }
    int length = contentLength(head);
    int total = end + 4 + length;
    if (in.position() < total) {
      return false;
    }
    if (!new String(bytes, end + 4, length, StandardCharsets.US_ASCII).equals(Http.BODY) || in.position() > total) {
      throw new IOException("unexpected HTTP answer: " + new String(bytes, 0, in.position(), StandardCharsets.US_ASCII));
    }
    in.clear();
    return true;
  }

  private static int indexOf(byte[] bytes, int limit) {
    for (int i = 0; i + 3 < limit; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    throw new IOException("no Content-Length in " + head);
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel channel : channels) {
      channel.close();
    }
    selector.close();
  }
}
