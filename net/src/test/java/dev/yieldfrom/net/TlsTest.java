package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.openConnection;
import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.TimeoutException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS over real localhost sockets, with a key made for the test by the JDK's keytool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest extends OnRealLoop {
  static SSLContext serverContext;
  static SSLContext clientContext;

  @BeforeAll
  static void makeKey(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("localhost.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), US_ASCII);
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    // The client trusts exactly that certificate.
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("localhost", keys.getCertificate("localhost"));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trustManagers.getTrustManagers(), null);
  }


  @Coroutine
  static Co<List<Object>> tlsEcho(byte[] payload) {
    Server server =
        yieldFrom(
            startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(serverContext)));
    StreamPair pair = yieldFrom(openConnection("localhost", StreamsTest.port(server), clientContext));
    X509Certificate peer = (X509Certificate) pair.writer().extraInfo("peercert");
    String cipher = (String) pair.writer().extraInfo("cipher");
    pair.writer().write(payload);
    byte[] back = yieldFrom(pair.reader().readexactly(payload.length));
    pair.writer().close();
    yieldFrom(pair.writer().waitClosed());
    server.close();
    yieldFrom(server.waitClosed());
    return done(List.of(back, peer.getSubjectX500Principal().getName(), cipher.startsWith("TLS_"), pair.writer().canWriteEof()));
  }

  @Test
  void handshakesAndTransfersFourMebibytes() {
    byte[] payload = new byte[4 << 20];
    new Random(3).nextBytes(payload);
    List<Object> outcome = loop.runUntilComplete(TlsTestCoroutines.tlsEcho(payload));
    assertArrayEquals(payload, (byte[]) outcome.get(0));
    assertEquals(List.of("CN=localhost", true, false), outcome.subList(1, 4));
  }

  @Coroutine
  static Co<String> untrusted(SSLContext jdkDefault) {
    Server server =
        yieldFrom(
            startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(serverContext)));
    String outcome;
    try {
      // The JDK's default context does not trust a certificate made a moment ago.
      yieldFrom(openConnection("localhost", StreamsTest.port(server), jdkDefault));
      outcome = "connected";
    } catch (Exception failure) {
      outcome = failure.getClass().getName();
    }
    server.close();
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(server.waitClosed(), 5));
    return done(outcome + ", " + server.connectionCount() + " connections left");
  }

  @Test
  void anUntrustedCertificateFailsTheHandshake() throws Exception {
    assertEquals(
        "javax.net.ssl.SSLHandshakeException, 0 connections left",
        loop.runUntilComplete(TlsTestCoroutines.untrusted(SSLContext.getDefault())));
  }

  /** Answers STARTTLS in plain text, then upgrades and echoes one line over TLS. */
  @Coroutine
  static Co<Void> startTlsServer(StreamReader reader, StreamWriter writer) {
    byte[] command = yieldFrom(reader.readline());
    writer.write(("OK " + new String(command, US_ASCII)).getBytes(US_ASCII));
    yieldFrom(writer.drain());
    yieldFrom(writer.startTls(serverContext, null));
    byte[] line = yieldFrom(reader.readline());
    writer.write(("secret: " + new String(line, US_ASCII)).getBytes(US_ASCII));
    yieldFrom(writer.drain());
    writer.close();
    return done();
  }

  @Coroutine
  static Co<String> upgrade() {
    Server server = yieldFrom(startServer(TlsTestCoroutines::startTlsServer, "127.0.0.1", 0));
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server)));
    pair.writer().write("STARTTLS\n".getBytes(US_ASCII));
    String ok = new String(yieldFrom(pair.reader().readline()), US_ASCII);
    yieldFrom(pair.writer().startTls(clientContext, "localhost"));
    boolean encrypted = pair.writer().extraInfo("cipher") != null;
    pair.writer().write("hello\n".getBytes(US_ASCII));
    String answer = new String(yieldFrom(pair.reader().readline()), US_ASCII);
    pair.writer().close();
    server.close();
    yieldFrom(server.waitClosed());
    return done(ok + answer + encrypted);
  }

  @Test
  void startTlsUpgradesAPlainConnection() {
    assertEquals("OK STARTTLS\nsecret: hello\ntrue", loop.runUntilComplete(TlsTestCoroutines.upgrade()));
  }

  /** A plain client that says nothing to a TLS server: the server gives up on the handshake. */
  @Coroutine
  static Co<String> silentClient() {
    Server server =
        yieldFrom(
            startServer(
                StreamsTestCoroutines::echo,
                "127.0.0.1",
                0,
                ServerOptions.DEFAULT.withSsl(serverContext).withSslHandshakeTimeout(0.3)));
    double start = EventLoop.getRunningLoop().time();
    StreamPair pair = yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server)));
    byte[] got = yieldFrom(pair.reader().read(-1));
    double waited = EventLoop.getRunningLoop().time() - start;
    pair.writer().close();
    server.close();
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(server.waitClosed(), 5));
    return done(got.length + " bytes, then the end after the timeout: " + (waited >= 0.3 && waited < 5)
        + ", " + server.connectionCount() + " connections left");
  }

  @Test
  void aServerAbortsAHandshakeThatTakesTooLong() {
    loop.setExceptionHandler((ignoredLoop, context) -> {});
    assertEquals(
        "0 bytes, then the end after the timeout: true, 0 connections left",
        loop.runUntilComplete(TlsTestCoroutines.silentClient()));
  }

  /** Reads all a client sends, until it closes, and tells {@code seen} how much it was. */
  @Coroutine
  static Co<Void> swallow(StreamReader reader, StreamWriter writer, Future<Integer> seen) {
    byte[] all = yieldFrom(reader.read(-1));
    seen.setResult(all.length);
    writer.close();
    return done();
  }

  /** A TLS client of a plain server that never answers its ClientHello. */
  @Coroutine
  static Co<String> unansweredClient() {
    Future<Integer> seen = EventLoop.getRunningLoop().createFuture();
    Server server = yieldFrom(startServer((r, w) -> TlsTestCoroutines.swallow(r, w, seen), "127.0.0.1", 0));
    double start = EventLoop.getRunningLoop().time();
    String outcome;
    try {
      yieldFrom(openConnection("127.0.0.1", StreamsTest.port(server), clientContext, 0.3));
      outcome = "connected";
    } catch (TimeoutException timedOut) {
      outcome = timedOut.getMessage();
    }
    double waited = EventLoop.getRunningLoop().time() - start;
    // The client's socket is closed: the server reads the ClientHello, then the end.
    int bytes = yieldFrom(dev.yieldfrom.runtime.Async.waitFor(seen, 5));
    server.close();
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(server.waitClosed(), 5));
    return done(outcome + "; after the timeout: " + (waited >= 0.3 && waited < 5) + "; server read a ClientHello: " + (bytes > 0));
  }

  @Test
  void aClientHandshakeThatTakesTooLongRaisesTimeoutException() {
    assertEquals(
        "SSL handshake is taking longer than 0.3 seconds: aborting the connection; after the timeout: true;"
            + " server read a ClientHello: true",
        loop.runUntilComplete(TlsTestCoroutines.unansweredClient()));
  }

  @Test
  void handshakeTimeoutsMustBePositive() {
    IllegalArgumentException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ServerOptions.DEFAULT.withSslHandshakeTimeout(0));
    assertEquals("sslHandshakeTimeout should be a positive number, got 0.0", refused.getMessage());
    refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Net.openConnection("localhost", 1, clientContext, -1));
    assertEquals("sslHandshakeTimeout should be a positive number, got -1.0", refused.getMessage());
    assertEquals(60.0, ServerOptions.DEFAULT.sslHandshakeTimeout());
    assertEquals(30.0, ServerOptions.DEFAULT.sslShutdownTimeout());
  }

  /** Waits for a line that never comes. */
  @Coroutine
  static Co<Void> idle(StreamReader reader, StreamWriter writer) {
    yieldFrom(reader.readline());
    writer.close();
    return done();
  }

  /** The application's side of a TLS client: the first data and the end, as futures. */
  static final class Watcher implements Protocol {
    final Future<Void> echoed;
    final Future<Void> lost;

    Watcher(EventLoop loop) {
      echoed = loop.createFuture();
      lost = loop.createFuture();
    }

    @Override
    public void dataReceived(java.nio.ByteBuffer data) {
      data.position(data.limit());
      if (!echoed.isDone()) {
        echoed.setResult(null);
      }
    }

    @Override
    public void connectionLost(Exception failure) {
      lost.setResult(null);
    }
  }

  /** Sits under a client's TLS transport and counts the ciphertext bytes that reach it. */
  static final class CiphertextCounter implements Protocol {
    final Protocol tls;
    long bytes;

    CiphertextCounter(Protocol tls) {
      this.tls = tls;
    }

    @Override
    public void dataReceived(java.nio.ByteBuffer data) {
      bytes += data.remaining();
      tls.dataReceived(data);
    }

    @Override
    public boolean eofReceived() {
      return tls.eofReceived();
    }

    @Override
    public void connectionLost(Exception failure) {
      tls.connectionLost(failure);
    }
  }

  /**
   * A TLS client of an echo server that then ends its connections with closeClients (or
   * abortClients): counts the ciphertext that comes after the echo, before the end. A graceful
   * close sends the close_notify alert record; an abort sends nothing.
   */
  @Coroutine
  static Co<String> endedByServer(boolean graceful) {
    EventLoop loop = EventLoop.getRunningLoop();
    Server server =
        yieldFrom(
            startServer(StreamsTestCoroutines::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(serverContext)));
    Watcher watcher = new Watcher(loop);
    Connection<Watcher> plain = yieldFrom(Net.createConnection(() -> watcher, "127.0.0.1", StreamsTest.port(server)));
    Transport tls = yieldFrom(Net.startTls(plain.transport(), clientContext, false, "localhost"));
    CiphertextCounter counter = new CiphertextCounter(plain.transport().protocol());
    plain.transport().setProtocol(counter);
    tls.write("x".getBytes(US_ASCII));
    // The echo comes after every handshake message (TLS 1.3's session ticket too).
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(watcher.echoed, 5));
    counter.bytes = 0;
    if (graceful) {
      server.closeClients();
    } else {
      server.abortClients();
    }
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(watcher.lost, 5));
    server.close();
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(server.waitClosed(), 5));
    return done("close_notify received: " + (counter.bytes > 0));
  }

  @Test
  void closeClientsSendsCloseNotify() {
    assertEquals("close_notify received: true", loop.runUntilComplete(TlsTestCoroutines.endedByServer(true)));
  }

  @Test
  void abortClientsEndsTlsAbruptly() {
    assertEquals("close_notify received: false", loop.runUntilComplete(TlsTestCoroutines.endedByServer(false)));
  }

  /** Writes more than a client that does not read can take, closes, and waits till it is closed. */
  @Coroutine
  static Co<Void> floodAndClose(StreamReader reader, StreamWriter writer, Future<Double> closedAfter) {
    writer.write(new byte[16 << 20]);
    double start = EventLoop.getRunningLoop().time();
    writer.close();
    try {
      yieldFrom(writer.waitClosed());
    } catch (Exception lost) {
      // Aborted: that is the point.
    }
    closedAfter.setResult(EventLoop.getRunningLoop().time() - start);
    return done();
  }

  @Coroutine
  static Co<String> unreadClose() {
    Future<Double> closedAfter = EventLoop.getRunningLoop().createFuture();
    Server server =
        yieldFrom(
            startServer(
                (r, w) -> TlsTestCoroutines.floodAndClose(r, w, closedAfter),
                "127.0.0.1",
                0,
                ServerOptions.DEFAULT.withSsl(serverContext).withSslShutdownTimeout(0.5)));
    StreamPair pair = yieldFrom(openConnection("localhost", StreamsTest.port(server), clientContext));
    // The client never reads: its buffer fills, it stops reading, the server's close cannot finish.
    double seconds = yieldFrom(dev.yieldfrom.runtime.Async.waitFor(closedAfter, 10));
    pair.writer().transport().abort();
    server.close();
    yieldFrom(dev.yieldfrom.runtime.Async.waitFor(server.waitClosed(), 5));
    return done("aborted after the shutdown timeout: " + (seconds >= 0.5 && seconds < 5));
  }

  @Test
  void aCloseThePeerDoesNotReadIsAbortedAfterTheShutdownTimeout() {
    assertEquals("aborted after the shutdown timeout: true", loop.runUntilComplete(TlsTestCoroutines.unreadClose()));
  }
}
