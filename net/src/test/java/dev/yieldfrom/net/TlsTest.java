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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS over real localhost sockets, with a key made for the test by the JDK's keytool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
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

  private EventLoop loop;

  @BeforeEach
  void createLoop() {
    loop = EventLoop.create();
  }

  @AfterEach
  void closeLoop() {
    loop.close();
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
}
