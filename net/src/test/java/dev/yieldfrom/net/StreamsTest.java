package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.openConnection;
import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.TimeoutException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams over real localhost sockets: a server and its clients on one loop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamsTest extends OnRealLoop {
  static int port(Server server) {
    return ((InetSocketAddress) server.addresses().get(0)).getPort();
  }

  // ---------------------------------------------------------------- an echo server

  @Coroutine
  static Co<Void> echo(StreamReader reader, StreamWriter writer) {
    while (true) {
      byte[] data = yieldFrom(reader.read(65536));
      if (data.length == 0) {
        break;
      }
      writer.write(data);
      yieldFrom(writer.drain());
    }
    writer.close();
    return done();
  }

  @Coroutine
  static Co<String> echoOnce(String message) {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    pair.writer().write(message.getBytes(US_ASCII));
    pair.writer().writeEof();
    byte[] back = yieldFrom(pair.reader().read(-1));
    boolean atEof = pair.reader().atEof();
    pair.writer().close();
    yieldFrom(pair.writer().waitClosed());
    server.close();
    yieldFrom(server.waitClosed());
    return done(new String(back, US_ASCII) + (atEof ? " <eof>" : " <more>"));
  }

  @Test
  void echoesAndSeesTheEndOfTheStream() {
    assertEquals("hello, world <eof>", loop.runUntilComplete(StreamsTestCoroutines.echoOnce("hello, world")));
  }

  // ---------------------------------------------------------------- reading

  /** A server that writes {@code payload} in pieces of {@code piece} bytes, then closes. */
  @Coroutine
  static Co<Void> sendInPieces(StreamReader reader, StreamWriter writer, byte[] payload, int piece) {
    for (int i = 0; i < payload.length; i += piece) {
      writer.write(payload, i, Math.min(piece, payload.length - i));
      yieldFrom(writer.drain());
      yieldFrom(sleep(0.005));
    }
    writer.close();
    return done();
  }

  @Coroutine
  static Co<List<String>> readAll(byte[] payload, int piece, int limit) {
    Server server =
        yieldFrom(
            startServer(
                (r, w) -> StreamsTestCoroutines.sendInPieces(r, w, payload, piece), "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server), limit));
    StreamReader reader = pair.reader();
    List<String> seen = new ArrayList<>();
    seen.add(new String(yieldFrom(reader.readline()), US_ASCII));
    seen.add(new String(yieldFrom(reader.readuntil("||".getBytes(US_ASCII))), US_ASCII));
    seen.add(new String(yieldFrom(reader.readexactly(5)), US_ASCII));
    try {
      yieldFrom(reader.readuntil("##".getBytes(US_ASCII)));
      seen.add("no overrun");
    } catch (LimitOverrunException overrun) {
      // How far past the limit it looked depends on how the pieces arrived: at most one piece.
      boolean justPastLimit = overrun.consumed() > limit && overrun.consumed() <= limit + piece;
      seen.add("overrun just past the limit " + justPastLimit + ": " + overrun.getMessage());
    }
    seen.add(new String(yieldFrom(reader.readexactly(12)), US_ASCII));
    try {
      yieldFrom(reader.readexactly(100));
      seen.add("no incomplete read");
    } catch (IncompleteReadException incomplete) {
      seen.add("incomplete " + new String(incomplete.partial(), US_ASCII) + " of " + incomplete.expected());
    }
    seen.add("eof " + reader.atEof() + " " + yieldFrom(reader.read(10)).length);
    seen.add("line at eof '" + new String(yieldFrom(reader.readline()), US_ASCII) + "'");
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(seen);
  }

  @Test
  void readsLinesSeparatorsAndExactCountsAcrossPieces() {
    byte[] payload = "first line\nup to||exact0123456789abcdefgh tail".getBytes(US_ASCII);
    List<String> seen = loop.runUntilComplete(StreamsTestCoroutines.readAll(payload, 3, 10));
    assertEquals(
        List.of(
            "first line\n",
            "up to||",
            "exact",
            "overrun just past the limit true: Separator is not found, and chunk exceed the limit",
            "0123456789ab",
            "incomplete cdefgh tail of 100",
            "eof true 0",
            "line at eof ''"),
        seen);
  }

  @Coroutine
  static Co<String> longLine() {
    Server server =
        yieldFrom(
            startServer(
                (r, w) ->
                    StreamsTestCoroutines.sendInPieces(
                        r, w, "0123456789ABCDEF\nshort\n".getBytes(US_ASCII), 64),
                "127.0.0.1",
                0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server), 8));
    String outcome;
    try {
      yieldFrom(pair.reader().readline());
      outcome = "no overrun";
    } catch (LimitOverrunException overrun) {
      outcome = overrun.getMessage();
    }
    outcome += " / " + new String(yieldFrom(pair.reader().readline()), US_ASCII);
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(outcome);
  }

  @Test
  void readlineDropsALineLongerThanTheLimit() {
    assertEquals(
        "Separator is found, but chunk is longer than limit / short\n",
        loop.runUntilComplete(StreamsTestCoroutines.longLine()));
  }

  // ---------------------------------------------------------------- timeouts and cancellation

  /** Writes "par", waits, then "tial line\n". */
  @Coroutine
  static Co<Void> slowLine(StreamReader reader, StreamWriter writer) {
    writer.write("par".getBytes(US_ASCII));
    yieldFrom(sleep(0.3));
    writer.write("tial line\n".getBytes(US_ASCII));
    yieldFrom(reader.read(1));
    writer.close();
    return done();
  }

  @Coroutine
  static Co<String> timeoutThenRead() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::slowLine, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    String outcome;
    try {
      yieldFrom(waitFor(pair.reader().readline(), 0.05));
      outcome = "no timeout";
    } catch (TimeoutException expected) {
      outcome = "timed out with " + pair.reader().buffered() + " bytes buffered";
    }
    byte[] line = yieldFrom(waitFor(pair.reader().readline(), 5));
    outcome += ", then " + new String(line, US_ASCII).strip();
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(outcome);
  }

  @Test
  void aReadThatTimesOutLeavesTheBytesForTheNextOne() {
    assertEquals(
        "timed out with 3 bytes buffered, then partial line",
        loop.runUntilComplete(StreamsTestCoroutines.timeoutThenRead()));
  }

  @Coroutine
  static Co<String> cancelRead() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::slowLine, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    Task<byte[]> reading = loop().createTask(pair.reader().readexactly(13));
    yieldFrom(sleep(0.05));
    reading.cancel();
    String outcome = "";
    try {
      yieldFrom(reading);
    } catch (dev.yieldfrom.runtime.CancelledError cancelled) {
      outcome = "cancelled; ";
    }
    // The same reader serves the next read: nothing was lost or consumed by the cancelled one.
    outcome += new String(yieldFrom(pair.reader().readexactly(13)), US_ASCII);
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(outcome);
  }

  static EventLoop loop() {
    return EventLoop.getRunningLoop();
  }

  @Test
  void cancellingAReadMidwayLeavesTheStreamConsistent() {
    assertEquals("cancelled; partial line\n", loop.runUntilComplete(StreamsTestCoroutines.cancelRead()));
  }

  // ---------------------------------------------------------------- large transfers, backpressure

  @Coroutine
  static Co<byte[]> transfer(byte[] payload) {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    Task<byte[]> receiving = loop().createTask(pair.reader().readexactly(payload.length));
    for (int i = 0; i < payload.length; i += 100_000) {
      pair.writer().write(payload, i, Math.min(100_000, payload.length - i));
      yieldFrom(pair.writer().drain());
    }
    byte[] back = yieldFrom(receiving);
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(back);
  }

  @Test
  void transfersThirtyTwoMebibytesBothWays() {
    byte[] payload = new byte[32 << 20];
    new Random(7).nextBytes(payload);
    assertArrayEquals(payload, loop.runUntilComplete(StreamsTestCoroutines.transfer(payload)));
  }

  /** Reads nothing until {@code go} is set, then everything. */
  @Coroutine
  static Co<Void> slowReader(StreamReader reader, StreamWriter writer, dev.yieldfrom.runtime.sync.Event go, int[] received) {
    yieldFrom(go.await());
    while (true) {
      byte[] data = yieldFrom(reader.read(65536));
      if (data.length == 0) {
        break;
      }
      received[0] += data.length;
    }
    writer.close();
    return done();
  }

  @Coroutine
  static Co<String> backpressure() {
    dev.yieldfrom.runtime.sync.Event go = new dev.yieldfrom.runtime.sync.Event();
    int[] received = {0};
    Server server =
        yieldFrom(startServer((r, w) -> StreamsTestCoroutines.slowReader(r, w, go, received), "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    byte[] chunk = new byte[1 << 20];
    int written = 0;
    // Write until drain has to wait: the socket buffers fill, then the transport's buffer.
    boolean waited = false;
    while (!waited && written < (512 << 20)) {
      pair.writer().write(chunk);
      written += chunk.length;
      Task<Void> draining = loop().createTask(pair.writer().drain());
      yieldFrom(sleep(0.01));
      if (!draining.isDone()) {
        waited = true;
        int buffered = pair.writer().transport().writeBufferSize();
        go.set();
        yieldFrom(draining);
        if (pair.writer().transport().writeBufferSize() > pair.writer().transport().writeBufferLow()) {
          return done("drain finished above the low water mark");
        }
        if (buffered <= pair.writer().transport().writeBufferHigh()) {
          return done("drain waited below the high water mark");
        }
      } else {
        yieldFrom(draining);
      }
    }
    pair.writer().writeEof();
    yieldFrom(pair.reader().read(-1));
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done((waited ? "drain waited" : "drain never waited") + ", received " + (received[0] == written));
  }

  @Test
  void drainWaitsWhileThePeerDoesNotRead() {
    assertEquals("drain waited, received true", loop.runUntilComplete(StreamsTestCoroutines.backpressure()));
  }

  // ---------------------------------------------------------------- half-close and reset

  /** Reads to the end of the stream, then answers with how much it read. */
  @Coroutine
  static Co<Void> countThenAnswer(StreamReader reader, StreamWriter writer) {
    byte[] all = yieldFrom(reader.read(-1));
    writer.write(("got " + all.length + " bytes").getBytes(US_ASCII));
    yieldFrom(writer.drain());
    writer.close();
    return done();
  }

  @Coroutine
  static Co<String> halfClose() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::countThenAnswer, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    pair.writer().write(new byte[70_000]);
    pair.writer().writeEof();
    String answer = new String(yieldFrom(pair.reader().read(-1)), US_ASCII);
    pair.writer().close();
    yieldFrom(pair.writer().waitClosed());
    server.close();
    yieldFrom(server.waitClosed());
    return done(answer);
  }

  @Test
  void aHalfClosedPeerStillGetsItsAnswer() {
    assertEquals("got 70000 bytes", loop.runUntilComplete(StreamsTestCoroutines.halfClose()));
  }

  /** Resets the connection: SO_LINGER 0, then close, sends an RST instead of a FIN. */
  @Coroutine
  static Co<Void> reset(StreamReader reader, StreamWriter writer) {
    yieldFrom(reader.readexactly(4));
    SocketChannel channel = (SocketChannel) writer.extraInfo("socket");
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    writer.transport().abort();
    return done();
  }

  @Coroutine
  static Co<String> peerReset() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::reset, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port(server)));
    pair.writer().write("ping".getBytes(US_ASCII));
    String outcome;
    try {
      yieldFrom(pair.reader().read(100));
      outcome = "read returned";
    } catch (Exception failure) {
      outcome = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
    try {
      yieldFrom(pair.writer().waitClosed());
      outcome += "; closed cleanly";
    } catch (Exception failure) {
      outcome += "; waitClosed: " + failure.getClass().getSimpleName();
    }
    try {
      yieldFrom(pair.writer().drain());
      outcome += "; drained";
    } catch (Exception failure) {
      outcome += "; drain: " + failure.getClass().getSimpleName();
    }
    server.close();
    yieldFrom(server.waitClosed());
    return done(outcome);
  }

  @Test
  void aPeerResetIsReportedAsASocketException() {
    assertEquals(
        "SocketException: Connection reset; waitClosed: SocketException; drain: SocketException",
        loop.runUntilComplete(StreamsTestCoroutines.peerReset()));
  }

  // ---------------------------------------------------------------- servers

  @Coroutine
  static Co<String> closeWithClients() {
    Server server = yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0));
    int port = port(server);
    StreamPair first = yieldFrom(openConnection("127.0.0.1", port));
    StreamPair second = yieldFrom(openConnection("127.0.0.1", port));
    first.writer().write("a".getBytes(US_ASCII));
    yieldFrom(first.reader().readexactly(1));
    second.writer().write("b".getBytes(US_ASCII));
    yieldFrom(second.reader().readexactly(1));
    server.close();
    StringBuilder out = new StringBuilder("closed, " + server.connectionCount() + " clients");
    // The clients are still served after close.
    first.writer().write("c".getBytes(US_ASCII));
    out.append(", echo ").append(new String(yieldFrom(first.reader().readexactly(1)), US_ASCII));
    String refused;
    try {
      yieldFrom(openConnection("127.0.0.1", port));
      refused = "accepted";
    } catch (Exception expected) {
      // Checked exceptions cannot be caught by type around yieldFrom: javac sees no throw there.
      refused = expected instanceof java.net.ConnectException ? "refused" : expected.toString();
    }
    out.append(", new client ").append(refused);
    Task<Void> waiting = loop().createTask(server.waitClosed());
    yieldFrom(sleep(0.05));
    out.append(", waitClosed ").append(waiting.isDone() ? "done" : "waits");
    first.writer().close();
    yieldFrom(first.writer().waitClosed());
    server.closeClients();
    yieldFrom(waitFor(waiting, 5));
    out.append(", then done with ").append(server.connectionCount());
    out.append(", second sees eof ").append(yieldFrom(second.reader().read(10)).length == 0);
    second.writer().close();
    return done(out.toString());
  }

  @Test
  void closingAServerKeepsItsClientsUntilTheyAreClosed() {
    assertEquals(
        "closed, 2 clients, echo c, new client refused, waitClosed waits, then done with 0, second sees eof true",
        loop.runUntilComplete(StreamsTestCoroutines.closeWithClients()));
  }

  @Coroutine
  static Co<String> refused() {
    // Bind a port, then free it: nothing listens there any more.
    int port;
    try (java.nio.channels.ServerSocketChannel probe = java.nio.channels.ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      yieldFrom(openConnection("127.0.0.1", port));
      return done("connected");
    } catch (Exception refusedError) {
      return done(
          refusedError.getClass().getName() + ": " + refusedError.getMessage().replace(":" + port + ":", ":PORT:"));
    }
  }

  @Test
  void aRefusedConnectionNamesTheAddress() {
    assertEquals(
        "java.net.ConnectException: Connect call failed 127.0.0.1:PORT: Connection refused",
        loop.runUntilComplete(StreamsTestCoroutines.refused()));
  }

  @Coroutine
  static Co<Integer> client(int port, int id) {
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", port));
    byte[] message = ("client " + id + "\n").getBytes(US_ASCII);
    pair.writer().write(message);
    byte[] back = yieldFrom(pair.reader().readline());
    pair.writer().close();
    yieldFrom(pair.writer().waitClosed());
    return done(java.util.Arrays.equals(message, back) ? 1 : 0);
  }

  @Coroutine
  static Co<String> thousandClients() {
    Server server =
        yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withBacklog(1024)));
    int port = port(server);
    List<Co<Integer>> clients = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      clients.add(StreamsTestCoroutines.client(port, i));
    }
    List<Integer> results = yieldFrom(gather(clients));
    int ok = 0;
    for (int result : results) {
      ok += result;
    }
    server.close();
    yieldFrom(waitFor(server.waitClosed(), 10));
    return done(ok + " echoed, " + server.connectionCount() + " left");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void servesAThousandConcurrentConnectionsOnOneThread() {
    assertEquals("1000 echoed, 0 left", loop.runUntilComplete(StreamsTestCoroutines.thousandClients()));
  }

  @Test
  void aVirtualTimeLoopRefusesSockets() {
    EventLoop virtual = EventLoop.createVirtual();
    try {
      RuntimeException refusal =
          assertThrows(
              RuntimeException.class,
              () -> virtual.runUntilComplete(StreamsTestCoroutines.echoOnce("x")));
      assertTrue(
          refusal.getMessage().startsWith("a virtual-time event loop cannot wait on channels"),
          refusal.getMessage());
    } finally {
      virtual.close();
    }
  }

  static int openFileDescriptors() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Coroutine
  static Co<String> cancelledConnect(int port) {
    // A server first, so that the loop's selector is open before counting.
    Server other = yieldFrom(startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0));
    int before = openFileDescriptors();
    String outcome;
    try {
      yieldFrom(waitFor(openConnection("127.0.0.1", port), 0.3));
      outcome = "connected";
    } catch (TimeoutException expected) {
      outcome = "timed out";
    }
    // A registered channel's descriptor is released once the selector drops its cancelled key.
    yieldFrom(sleep(0.05));
    other.close();
    return done(outcome + ", descriptors " + (openFileDescriptors() - before));
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void aConnectCancelledByItsTimeoutClosesItsChannel() throws Exception {
    // A listener that never accepts, its queue filled: the kernel drops further SYNs, so a
    // connect to it stays pending until it is given up.
    try (java.nio.channels.ServerSocketChannel stalled = java.nio.channels.ServerSocketChannel.open()) {
      stalled.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      int port = ((InetSocketAddress) stalled.getLocalAddress()).getPort();
      List<SocketChannel> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          SocketChannel filler = SocketChannel.open();
          filler.configureBlocking(false);
          filler.connect(new InetSocketAddress("127.0.0.1", port));
          fillers.add(filler);
        }
        Thread.sleep(100);
        assertEquals("timed out, descriptors 0", loop.runUntilComplete(StreamsTestCoroutines.cancelledConnect(port)));
      } finally {
        for (SocketChannel filler : fillers) {
          filler.close();
        }
      }
    }
  }
}
