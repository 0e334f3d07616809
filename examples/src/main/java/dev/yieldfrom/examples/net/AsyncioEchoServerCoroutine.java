package dev.yieldfrom.examples.net;

import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.net.Server;
import dev.yieldfrom.net.StreamReader;
import dev.yieldfrom.net.StreamWriter;
import dev.yieldfrom.runtime.Co;
import java.net.InetSocketAddress;

/**
 * asyncio_echo_server_coroutine.py: an echo server on streams that logs each connection, what it
 * receives and sends back, until it is interrupted (SIGINT or SIGTERM), then closes the server.
 *
 * <p>The port is 10000 as in the Python program unless given as the last argument. Where Python
 * logs the peer as {@code echo_<host>_<port>}, so does this port. What asyncio itself logs at
 * debug level ("Using selector: EpollSelector") is not the program's and is left out.
 */
public final class AsyncioEchoServerCoroutine {
  private AsyncioEchoServerCoroutine() {}

  static final String HOST = "localhost";

  @Coroutine
  static Co<Void> echo(StreamReader reader, StreamWriter writer) {
    InetSocketAddress address = (InetSocketAddress) writer.extraInfo("peername");
    String log = "echo_" + address.getAddress().getHostAddress() + "_" + address.getPort();
    PyLog.debug(log, "connection accepted");

    while (true) {
      byte[] data = yieldFrom(reader.read(128));

      if (data.length > 0) {
        PyLog.debug(log, "received " + PyLog.reprBytes(data));
        writer.write(data);
        yieldFrom(writer.drain());
        PyLog.debug(log, "sent " + PyLog.reprBytes(data));

      } else {
        PyLog.debug(log, "closing");
        writer.close();
        return done();
      }
    }
  }

  @Coroutine
  static Co<Void> main(int port) {
    // Create the server and let the loop finish the coroutine before
    // starting the real event loop.
    Server server = yieldFrom(startServer(AsyncioEchoServerCoroutineCoroutines::echo, HOST, port));
    PyLog.debug("main", "starting up on " + HOST + " port " + port);

    // Enter the event loop permanently to handle all connections.
    try {
      yieldFrom(dev.yieldfrom.runtime.EventLoop.getRunningLoop().<Void>createFuture());
    } finally {
      PyLog.debug("main", "closing server");
      server.close();
      server.abortClients();
      PyLog.debug("main", "closing event loop");
    }
    return done();
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[args.length - 1]) : 10000;
    Shutdown.runUntilTerminated(AsyncioEchoServerCoroutineCoroutines.main(port));
  }
}
