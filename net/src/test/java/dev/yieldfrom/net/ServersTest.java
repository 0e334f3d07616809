package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.openConnection;
import static dev.yieldfrom.net.Net.openUnixConnection;
import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.net.Net.startUnixServer;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Servers: serveForever, host names, Unix domain sockets, a failing client handler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServersTest extends OnRealLoop {
  @Coroutine
  static Co<String> serveForeverUntilCancelled() {
    Server server =
        yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withStartServing(false)));
    String before = "serving " + server.isServing();
    Task<Void> serving = EventLoop.getRunningLoop().createTask(server.serveForever());
    yieldFrom(sleep(0));
    before += ", then " + server.isServing();
    String again;
    try {
      yieldFrom(server.serveForever());
      again = "a second serveForever ran";
    } catch (IllegalStateException expected) {
      again = "a second serveForever is refused";
    }
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server)));
    pair.writer().write("x".getBytes(US_ASCII));
    yieldFrom(pair.reader().readexactly(1));
    serving.cancel();
    yieldFrom(sleep(0.05));
    String waiting = "after cancel: serveForever " + (serving.isDone() ? "done" : "waits for the client");
    pair.writer().close();
    String outcome;
    try {
      yieldFrom(waitFor(serving, 5));
      outcome = "returned";
    } catch (CancelledError cancelled) {
      outcome = "cancelled";
    }
    return done(before + "; " + again + "; " + waiting + "; " + outcome + ", serving " + server.isServing());
  }

  @Test
  void serveForeverServesUntilCancelledThenClosesTheServer() {
    assertEquals(
        "serving false, then true; a second serveForever is refused;"
            + " after cancel: serveForever waits for the client; cancelled, serving false",
        loop.runUntilComplete(ServersTestCoroutines.serveForeverUntilCancelled()));
  }

  @Coroutine
  static Co<String> byHostName() {
    // "localhost" is looked up off the loop thread; every address it has gets a listener.
    Server server = yieldFrom(startServer(StreamsTestCoroutines::echo, "localhost", 0));
    int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
    StreamPair pair = yieldFrom(openConnection("localhost", port));
    pair.writer().write("by name\n".getBytes(US_ASCII));
    String line = new String(yieldFrom(pair.reader().readline()), US_ASCII);
    pair.writer().close();
    server.close();
    server.abortClients();
    yieldFrom(server.waitClosed());
    return done(line);
  }

  @Test
  void listensAndConnectsByHostName() {
    assertEquals("by name\n", loop.runUntilComplete(ServersTestCoroutines.byHostName()));
  }

  @Coroutine
  static Co<String> unknownHost() {
    try {
      yieldFrom(openConnection("no-such-host.invalid", 80));
      return done("connected");
    } catch (Exception failure) {
      return done(failure.getClass().getName());
    }
  }

  @Test
  void anUnknownHostRaisesUnknownHostException() {
    assertEquals("java.net.UnknownHostException", loop.runUntilComplete(ServersTestCoroutines.unknownHost()));
  }

  @Coroutine
  static Co<String> overUnixSocket(Path path) {
    Server server = yieldFrom(startUnixServer(StreamsTestCoroutines::echo, path));
    StreamPair pair = yieldFrom(openUnixConnection(path));
    pair.writer().write("over a unix socket\n".getBytes(US_ASCII));
    String line = new String(yieldFrom(pair.reader().readline()), US_ASCII);
    pair.writer().close();
    yieldFrom(pair.writer().waitClosed());
    server.close();
    yieldFrom(server.waitClosed());
    return done(line + server.addresses().size());
  }

  @Test
  void servesOverAUnixDomainSocket(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("echo.sock");
    assertEquals("over a unix socket\n0", loop.runUntilComplete(ServersTestCoroutines.overUnixSocket(path)));
    // A second server replaces the socket file the first one left.
    assertEquals(true, Files.exists(path));
    assertEquals("over a unix socket\n0", loop.runUntilComplete(ServersTestCoroutines.overUnixSocket(path)));
  }

  @Coroutine
  static Co<Void> failingHandler(StreamReader reader, StreamWriter writer) {
    yieldFrom(reader.readexactly(1));
    throw new IllegalStateException("handler failed");
  }

  @Coroutine
  static Co<String> handlerFailure() {
    StringBuilder reported = new StringBuilder();
    EventLoop.getRunningLoop()
        .setExceptionHandler((loop, context) -> reported.append(context.message()).append(" / ").append(context.exception().getMessage()));
    Server server = yieldFrom(startServer(ServersTestCoroutines::failingHandler, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server)));
    pair.writer().write("x".getBytes(US_ASCII));
    byte[] rest = yieldFrom(pair.reader().read(-1));
    server.close();
    yieldFrom(server.waitClosed());
    return done(reported + "; client sees eof after " + rest.length + " bytes");
  }

  @Test
  void aFailingClientHandlerIsReportedAndItsConnectionClosed() {
    assertEquals(
        "Unhandled exception in client_connected_cb / handler failed; client sees eof after 0 bytes",
        loop.runUntilComplete(ServersTestCoroutines.handlerFailure()));
  }

  /** A server and a client connected to it, which has had one echo back. */
  @Coroutine
  static Co<Object[]> connectedPair() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server)));
    pair.writer().write("hi".getBytes(US_ASCII));
    yieldFrom(pair.reader().readexactly(2));
    return done(new Object[] {server, pair});
  }

  @Test
  void connectionsLeftOpenWhenTheLoopClosesCloseTheirSocketsAtOnceAfterwards() {
    loop.setExceptionHandler((ignoredLoop, context) -> {}); // the echo task is left pending
    Object[] made = loop.runUntilComplete(ServersTestCoroutines.connectedPair());
    Server server = (Server) made[0];
    StreamPair pair = (StreamPair) made[1];
    java.nio.channels.SocketChannel client = (java.nio.channels.SocketChannel) pair.writer().extraInfo("socket");
    loop.close();
    // As asyncio: closing the loop does not close its connections.
    assertEquals(true, client.isOpen());
    assertEquals(1, server.connectionCount());
    pair.writer().close();
    assertEquals(false, client.isOpen());
    server.abortClients();
    server.close();
    assertEquals(0, server.connectionCount());
    assertEquals(java.util.List.of(), server.addresses());
  }
}
