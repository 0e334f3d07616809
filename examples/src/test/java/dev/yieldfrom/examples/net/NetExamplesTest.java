package dev.yieldfrom.examples.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The network examples, each run as its own process on a real localhost port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetExamplesTest {
  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(20_000);
    return socket;
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    assertEquals(n, bytes.length, "the stream ended early");
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(strings = {"streams", "--protocol"})
  void echoServerEchoesEveryByteAndExitsOnSigterm(String mode) throws Exception {
    int port = ServerProcess.freePort();
    String[] args = mode.equals("streams") ? new String[] {"" + port} : new String[] {mode, "" + port};
    try (ServerProcess server = ServerProcess.start(EchoServer.class, false, args)) {
      assertEquals("echo server listening on /127.0.0.1:" + port, server.awaitLine("listening"));
      byte[] payload = new byte[4 << 20];
      new Random(1).nextBytes(payload);
      try (Socket a = connect(port);
          Socket b = connect(port)) {
        // Two clients at once; one writes everything before reading, so the server buffers.
        Thread writer =
            new Thread(
                () -> {
                  try {
                    a.getOutputStream().write(payload);
                    a.shutdownOutput();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        writer.start();
        b.getOutputStream().write("every byte\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
            "every byte\u0000\u00ff",
            new String(readExactly(b.getInputStream(), 12), StandardCharsets.ISO_8859_1));
        assertArrayEquals(payload, a.getInputStream().readAllBytes());
        writer.join();
      }
      int exit = server.terminate();
      assertEquals(143, exit, "a JVM ended by SIGTERM exits with 128 + 15");
    }
  }

  private static final String HELLO =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";

  @ParameterizedTest
  @ValueSource(strings = {"streams", "--protocol"})
  void helloServerKeepsConnectionsAlive(String mode) throws Exception {
    int port = ServerProcess.freePort();
    String[] args = mode.equals("streams") ? new String[] {"" + port} : new String[] {mode, "" + port};
    try (ServerProcess server = ServerProcess.start(HelloServer.class, false, args)) {
      server.awaitLine("listening");
      try (Socket socket = connect(port)) {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        String get = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        for (int i = 0; i < 3; i++) {
          out.write(get.getBytes(US_ASCII));
          assertEquals(HELLO, new String(readExactly(in, HELLO.length()), US_ASCII));
        }
        // A head split over two writes, then two pipelined requests, one with a body.
        out.write("GET / HTTP/1.1\r\nHo".getBytes(US_ASCII));
        out.flush();
        Thread.sleep(50);
        out.write(
            ("st: localhost\r\n\r\nPOST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + get)
                .getBytes(US_ASCII));
        assertEquals(HELLO.repeat(3), new String(readExactly(in, HELLO.length() * 3), US_ASCII));
        out.write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(US_ASCII));
        assertEquals(HELLO, new String(in.readAllBytes(), US_ASCII), "closed after the answer");
      }
      assertEquals(143, server.terminate());
    }
  }

  // ---------------------------------------------------------------- the PyMOTW programs

  private static List<String> expected(String name) throws IOException {
    try (InputStream in = NetExamplesTest.class.getResourceAsStream("/expected/net/" + name + ".txt")) {
      assertNotNull(in, "no expected output for " + name);
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  /**
   * The lines with the run's ports replaced by PORT, and the reads of one echo joined: TCP
   * delivers a byte stream, and how it is cut into reads differs from run to run (the Python
   * programs' output differs the same way). Consecutive "received" lines of a logger become one,
   * and so does a "received X", "sent X" pair following another.
   */
  static List<String> normalized(List<String> lines, int serverPort, int clientPort) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      line = line.replace("_" + clientPort + ":", "_PORT:").replace("port " + serverPort, "port PORT");
      int n = out.size();
      if (n >= 1 && joinable(out.get(n - 1), line, "received")) {
        out.set(n - 1, join(out.get(n - 1), line));
      } else if (n >= 3
          && joinable(out.get(n - 3), out.get(n - 1), "received")
          && joinable(out.get(n - 2), line, "sent")) {
        out.set(n - 3, join(out.get(n - 3), out.get(n - 1)));
        out.set(n - 2, join(out.get(n - 2), line));
        out.remove(n - 1);
      } else {
        out.add(line);
      }
    }
    return out;
  }

  /** Whether both lines are "LOGGER: WHAT b'...'" for the same logger. */
  private static boolean joinable(String first, String second, String what) {
    String marker = ": " + what + " b'";
    int at = first.indexOf(marker);
    return at > 0
        && first.endsWith("'")
        && second.endsWith("'")
        && second.startsWith(first.substring(0, at + marker.length()));
  }

  private static String join(String first, String second) {
    return first.substring(0, first.length() - 1) + second.substring(second.indexOf(" b'") + 3);
  }

  @Test
  void pymotwEchoClientAndServerPrintWhatThePythonProgramsPrint() throws Exception {
    int port = ServerProcess.freePort();
    try (ServerProcess server = ServerProcess.start(AsyncioEchoServerCoroutine.class, true, "" + port)) {
      server.awaitLine("starting up");
      ProcessBuilder client =
          new ProcessBuilder(
                  java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AsyncioEchoClientCoroutine.class.getName(),
                  "" + port)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process clientProcess = client.start();
      ByteArrayOutputStream clientErr = new ByteArrayOutputStream();
      clientProcess.getErrorStream().transferTo(clientErr);
      assertEquals(0, clientProcess.waitFor());
      server.awaitLine("closing");
      String accepted = server.lines().stream().filter(l -> l.contains("connection accepted")).findFirst().orElseThrow();
      int clientPort = Integer.parseInt(accepted.substring(accepted.lastIndexOf('_') + 1, accepted.indexOf(':')));
      server.terminate();
      List<String> clientLines = List.of(clientErr.toString(StandardCharsets.UTF_8).split("\n"));
      assertEquals(expected("asyncio_echo_client_coroutine"), normalized(clientLines, port, clientPort));
      assertEquals(expected("asyncio_echo_server_coroutine"), normalized(server.lines(), port, clientPort));
    }
  }

  @Test
  void normalizingJoinsOnlyConsecutiveReceivedLinesOfOneLogger() {
    assertEquals(
        List.of("a: received b'xyz'", "a: sent b'xyz'", "b: received b'1'", "a: received b'2'"),
        normalized(
            List.of("a: received b'x'", "a: received b'yz'", "a: sent b'xyz'", "b: received b'1'", "a: received b'2'"),
            1,
            2));
    assertEquals(
        List.of("s_PORT: received b'abc'", "s_PORT: sent b'abc'", "s_PORT: closing"),
        normalized(
            List.of("s_7: received b'a'", "s_7: sent b'a'", "s_7: received b'bc'", "s_7: sent b'bc'", "s_7: closing"),
            1,
            7));
  }
}
