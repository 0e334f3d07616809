package dev.yieldfrom.examples.net;

import static dev.yieldfrom.net.Net.createServer;
import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.net.Protocol;
import dev.yieldfrom.net.Server;
import dev.yieldfrom.net.StreamReader;
import dev.yieldfrom.net.StreamWriter;
import dev.yieldfrom.net.Transport;
import dev.yieldfrom.runtime.Co;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers every request with {@code 200} and
 * {@code Hello, World!}, keeping connections alive, on one loop thread, until SIGTERM.
 * {@code HelloServer [--protocol] PORT}: with asyncio streams by default, with a {@link Protocol}
 * with {@code --protocol}. Request bodies (Content-Length) are read and ignored; pipelined
 * requests are answered in order.
 */
public final class HelloServer {
  private HelloServer() {}

  static final byte[] RESPONSE =
      ("HTTP/1.1 200 OK\r\n"
              + "Content-Type: text/plain\r\n"
              + "Content-Length: 13\r\n"
              + "\r\n"
              + "Hello, World!")
          .getBytes(StandardCharsets.US_ASCII);

  /** The longest head accepted: the stream reader's default limit. */
  private static final int MAX_HEAD = StreamReader.DEFAULT_LIMIT;

  static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

  @Coroutine
  static Co<Void> hello(StreamReader reader, StreamWriter writer) {
    try {
      while (true) {
        byte[] head = yieldFrom(reader.readuntil(END_OF_HEAD));
        int bodyLength = HttpHead.contentLength(head, 0, head.length);
        if (bodyLength > 0) {
          yieldFrom(reader.readexactly(bodyLength));
        }
        writer.write(RESPONSE);
        if (HttpHead.closesConnection(head, 0, head.length)) {
          break;
        }
        yieldFrom(writer.drain());
      }
    } catch (Exception endOrFailure) {
      // The client closed (IncompleteReadException), reset, or sent a head over the limit.
    }
    writer.close();
    return done();
  }

  /**
   * The same server on the low-level layer: each read is copied into the connection's buffer
   * (reused, so a request allocates nothing) and the heads in it are answered; a head split
   * across reads stays at the buffer's front until the rest arrives.
   */
  static final class HelloProtocol implements Protocol {
    private Transport transport;
    private byte[] bytes = new byte[0];
    /** Bytes of an unfinished head kept at the front of {@link #bytes}. */
    private int held;
    /** Body bytes still to skip. */
    private int bodyLeft;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      int to = held + data.remaining();
      if (bytes.length < to) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(to, 2048));
      }
      data.get(bytes, held, data.remaining());
      int from = 0;
      held = 0;
      while (from < to && !transport.isClosing()) {
        if (bodyLeft > 0) {
          int skipped = Math.min(bodyLeft, to - from);
          bodyLeft -= skipped;
          from += skipped;
          continue;
        }
        int end = endOfHead(bytes, from, to);
        if (end < 0) {
          held = to - from;
          System.arraycopy(bytes, from, bytes, 0, held);
          if (held > MAX_HEAD) {
            transport.close(); // as the streams version's limit: no head is that long
          }
          return;
        }
        bodyLeft = HttpHead.contentLength(bytes, from, end);
        transport.write(RESPONSE);
        if (HttpHead.closesConnection(bytes, from, end)) {
          transport.close();
        }
        from = end;
      }
    }

    /** The index just after the blank line ending the head that starts at {@code from}, or -1. */
    private static int endOfHead(byte[] bytes, int from, int to) {
      for (int i = from; i + 3 < to; i++) {
        if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
          return i + 4;
        }
      }
      return -1;
    }
  }

  @Coroutine
  static Co<Void> serve(int port, boolean protocol) {
    Server server =
        protocol
            ? yieldFrom(createServer(HelloProtocol::new, "127.0.0.1", port))
            : yieldFrom(startServer(HelloServerCoroutines::hello, "127.0.0.1", port));
    System.out.println("hello server listening on " + server.addresses().get(0));
    yieldFrom(ShutdownCoroutines.serveUntilCancelled(server));
    return done();
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: HelloServer [--protocol] PORT");
      System.exit(2);
    }
    boolean protocol = args.length > 1 && args[0].equals("--protocol");
    Shutdown.runUntilTerminated(HelloServerCoroutines.serve(Integer.parseInt(args[args.length - 1]), protocol));
  }
}
