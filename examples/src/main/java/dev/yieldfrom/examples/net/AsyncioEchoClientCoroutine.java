package dev.yieldfrom.examples.net;

import static dev.yieldfrom.net.Net.openConnection;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.net.StreamPair;
import dev.yieldfrom.net.StreamReader;
import dev.yieldfrom.net.StreamWriter;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * asyncio_echo_client_coroutine.py: sends a message in three writes, half-closes, and logs what
 * the echo server sends back until it closes. The port is 10000 unless given as the last
 * argument.
 */
public final class AsyncioEchoClientCoroutine {
  private AsyncioEchoClientCoroutine() {}

  static final List<byte[]> MESSAGES =
      List.of(bytes("This is the message. "), bytes("It will be sent "), bytes("in parts."));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Coroutine
  static Co<Void> echoClient(String host, int port, List<byte[]> messages) {
    String log = "echo_client";

    PyLog.debug(log, "connecting to " + host + " port " + port);
    StreamPair connection = yieldFrom(openConnection(host, port));
    StreamReader reader = connection.reader();
    StreamWriter writer = connection.writer();

    // This could be writer.writelines() except that
    // would make it harder to show each part of the message
    // being sent.
    for (byte[] msg : messages) {
      writer.write(msg);
      PyLog.debug(log, "sending " + PyLog.reprBytes(msg));
    }
    if (writer.canWriteEof()) {
      writer.writeEof();
    }
    yieldFrom(writer.drain());

    PyLog.debug(log, "waiting for response");
    while (true) {
      byte[] data = yieldFrom(reader.read(128));
      if (data.length > 0) {
        PyLog.debug(log, "received " + PyLog.reprBytes(data));
      } else {
        PyLog.debug(log, "closed");
        writer.close();
        return done();
      }
    }
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[args.length - 1]) : 10000;
    EventLoop eventLoop = EventLoop.create();
    try {
      eventLoop.runUntilComplete(
          AsyncioEchoClientCoroutineCoroutines.echoClient(AsyncioEchoServerCoroutine.HOST, port, MESSAGES));
    } finally {
      PyLog.debug("main", "closing event loop");
      eventLoop.close();
    }
  }
}
