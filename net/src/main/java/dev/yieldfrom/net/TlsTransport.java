package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.TimeoutException;
import dev.yieldfrom.runtime.TimerHandle;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS over another transport through an {@link SSLEngine} (asyncio's SSLProtocol and its app
 * transport in one): it is the protocol of the socket's transport, which hands it ciphertext,
 * and the transport of the application's protocol, which hands it plaintext. The engine's
 * delegated tasks run on the loop's thread, as asyncio runs its handshake.
 *
 * <p>The application's {@link Protocol#connectionMade} comes once the handshake is done; writes
 * made before that (after {@code startTls}) wait for it. TLS cannot half-close: there is no
 * {@link #writeEof}, and the end of the peer's stream closes the connection.
 *
 * <p>As asyncio's, a handshake that has not finished within its timeout aborts the connection
 * (the handshake fails with a {@link TimeoutException}), and a close that has not ended the
 * connection within the shutdown timeout (the peer does not read the close_notify, or what is
 * still buffered) aborts it.
 */
final class TlsTransport implements Transport, Protocol {
  /** asyncio's ssl_handshake_timeout and ssl_shutdown_timeout, in seconds. */
  static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;
  static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final Object sslContext;
  private Protocol app;
  private final boolean callConnectionMade;
  private Transport raw;
  private Future<Void> handshake;
  /** Ciphertext received, not yet unwrapped; in read mode between calls. */
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private ArrayDeque<ByteBuffer> beforeHandshake;
  private boolean handshakeDone;
  private boolean closing;
  private boolean appTold;
  private final double handshakeTimeout;
  private final double shutdownTimeout;
  private TimerHandle handshakeTimer;
  private TimerHandle shutdownTimer;

  TlsTransport(
      SSLEngine engine,
      Object sslContext,
      Protocol app,
      boolean callConnectionMade,
      double handshakeTimeout,
      double shutdownTimeout) {
    this.engine = engine;
    this.handshakeTimeout = requirePositive("sslHandshakeTimeout", handshakeTimeout);
    this.shutdownTimeout = requirePositive("sslShutdownTimeout", shutdownTimeout);
    this.sslContext = sslContext;
    this.app = app;
    this.callConnectionMade = callConnectionMade;
    int packet = engine.getSession().getPacketBufferSize();
    netIn = ByteBuffer.allocate(packet).flip();
    netOut = ByteBuffer.allocate(packet);
    appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
  }

  /** asyncio's check: a timeout is a positive number of seconds. */
  static double requirePositive(String name, double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(name + " should be a positive number, got " + seconds);
    }
    return seconds;
  }

  /** A future that completes when the handshake is done, or fails with why it failed. */
  Future<Void> handshake() {
    return handshake;
  }

  // ---------------------------------------------------------------- as the socket's protocol

  @Override
  public void connectionMade(Transport transport) {
    raw = transport;
    handshake = transport.loop().createFuture();
    handshakeTimer = transport.loop().callLater(handshakeTimeout, this::handshakeTimedOut);
    try {
      engine.beginHandshake();
      process();
    } catch (SSLException failure) {
      fail(failure);
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (netIn.capacity() - netIn.limit() < data.remaining()) {
      ByteBuffer larger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.remaining() + data.remaining()));
      larger.put(netIn).flip();
      netIn = larger;
    }
    netIn.compact().put(data).flip();
    try {
      process();
    } catch (SSLException failure) {
      fail(failure);
    }
  }

  /** Unwraps what has arrived and does whatever the handshake asks for, until it needs more. */
  private void process() throws SSLException {
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
          }
          continue;
        }
        case NEED_WRAP -> {
          if (!wrap(NOTHING)) {
            return;
          }
          continue;
        }
        default -> {}
      }
      if (!netIn.hasRemaining()) {
        return;
      }
      SSLEngineResult result = engine.unwrap(netIn, appIn);
      finishedBy(result);
      deliver();
      switch (result.getStatus()) {
        case BUFFER_UNDERFLOW -> {
          int packet = engine.getSession().getPacketBufferSize();
          if (netIn.capacity() < packet) {
            ByteBuffer larger = ByteBuffer.allocate(packet);
            larger.put(netIn).flip();
            netIn = larger;
          }
          return;
        }
        case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
        case CLOSED -> {
          // close_notify from the peer: answer it, and the connection ends.
          if (!closing) {
            closing = true;
            engine.closeOutbound();
            wrap(NOTHING);
            if (appTold) {
              boolean keepOpen = app.eofReceived();
              if (keepOpen) {
                raw.loop().logger().log(System.Logger.Level.WARNING, "returning true from eofReceived() has no effect when using TLS");
              }
            }
            closeRaw();
          }
          return;
        }
        default -> {}
      }
    }
  }

  /** Hands the plaintext unwrapped so far to the application. */
  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    try {
      if (appTold) {
        app.dataReceived(appIn);
      }
    } finally {
      appIn.clear();
    }
  }

  /** Wraps {@code source} (all of it) and sends the records; false once the engine is closed. */
  private boolean wrap(ByteBuffer source) throws SSLException {
    do {
      netOut.clear();
      SSLEngineResult result = engine.wrap(source, netOut);
      netOut.flip();
      if (netOut.hasRemaining()) {
        raw.write(netOut);
      }
      finishedBy(result);
      switch (result.getStatus()) {
        case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(netOut.capacity() * 2);
        case CLOSED -> {
          return false;
        }
        default -> {
          if (result.bytesProduced() == 0 && result.bytesConsumed() == 0 && source.hasRemaining()) {
            return true; // the engine waits for the handshake to move on
          }
        }
      }
    } while (source.hasRemaining());
    return true;
  }

  private void finishedBy(SSLEngineResult result) throws SSLException {
    if (result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED || handshakeDone) {
      return;
    }
    handshakeDone = true;
    handshakeTimer.cancel();
    if (callConnectionMade) {
      appTold = true;
      app.connectionMade(this);
    } else {
      appTold = true;
    }
    if (beforeHandshake != null) {
      for (ByteBuffer queued; (queued = beforeHandshake.poll()) != null; ) {
        wrap(queued);
      }
      beforeHandshake = null;
    }
    if (!handshake.isDone()) {
      handshake.setResult(null);
    }
  }

  /** A TLS error: the handshake fails with it, or the application loses the connection with it. */
  private void fail(SSLException failure) {
    if (!handshake.isDone()) {
      handshake.setException(failure);
    }
    pendingFailure = failure;
    raw.abort();
  }

  private void handshakeTimedOut() {
    if (handshakeDone || handshake.isDone()) {
      return;
    }
    TimeoutException timedOut =
        new TimeoutException(
            "SSL handshake is taking longer than " + handshakeTimeout + " seconds: aborting the connection");
    handshake.setException(timedOut);
    pendingFailure = timedOut;
    closing = true;
    raw.abort();
  }

  /** Closes the socket's transport once it has sent what it holds, or aborts it if that takes too long. */
  private void closeRaw() {
    raw.close();
    if (shutdownTimer == null) {
      shutdownTimer = raw.loop().callLater(shutdownTimeout, raw::abort);
    }
  }

  /** Why the connection is being aborted, for connectionLost. */
  private Exception pendingFailure;

  @Override
  public boolean eofReceived() {
    try {
      engine.closeInbound();
    } catch (SSLException truncated) {
      // The peer closed without close_notify: as asyncio, a plain end of stream.
    }
    if (!handshakeDone) {
      if (!handshake.isDone()) {
        handshake.setException(new SocketException("Connection closed during the TLS handshake"));
      }
      return false;
    }
    if (appTold && !closing && app.eofReceived()) {
      raw.loop().logger().log(System.Logger.Level.WARNING, "returning true from eofReceived() has no effect when using TLS");
    }
    return false;
  }

  @Override
  public void connectionLost(Exception failure) {
    handshakeTimer.cancel();
    if (shutdownTimer != null) {
      shutdownTimer.cancel();
    }
    Exception cause = failure != null ? failure : pendingFailure;
    if (!handshake.isDone()) {
      handshake.setException(cause != null ? cause : new SocketException("Connection lost during the TLS handshake"));
    }
    if (appTold) {
      app.connectionLost(cause);
    }
  }

  @Override
  public void pauseWriting() {
    if (appTold) {
      app.pauseWriting();
    }
  }

  @Override
  public void resumeWriting() {
    if (appTold) {
      app.resumeWriting();
    }
  }

  // ---------------------------------------------------------------- as the application's transport

  @Override
  public EventLoop loop() {
    return raw.loop();
  }

  @Override
  public void write(byte[] data) {
    write(ByteBuffer.wrap(data));
  }

  @Override
  public void write(byte[] data, int offset, int length) {
    write(ByteBuffer.wrap(data, offset, length));
  }

  @Override
  public void write(ByteBuffer data) {
    if (closing || !data.hasRemaining()) {
      data.position(data.limit());
      return;
    }
    if (!handshakeDone) {
      if (beforeHandshake == null) {
        beforeHandshake = new ArrayDeque<>();
      }
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      copy.put(data).flip();
      beforeHandshake.add(copy);
      return;
    }
    try {
      wrap(data);
    } catch (SSLException failure) {
      fail(failure);
    }
  }

  @Override
  public boolean canWriteEof() {
    return false;
  }

  @Override
  public void writeEof() {
    throw new UnsupportedOperationException("TLS does not support half-closed connections");
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    engine.closeOutbound();
    try {
      wrap(NOTHING);
    } catch (SSLException failure) {
      raw.loop().callExceptionHandler(ExceptionContext.of("Error sending TLS close_notify", failure));
    }
    closeRaw();
  }

  @Override
  public void abort() {
    closing = true;
    raw.abort();
  }

  @Override
  public boolean isClosing() {
    return closing || raw.isClosing();
  }

  @Override
  public void pauseReading() {
    raw.pauseReading();
  }

  @Override
  public void resumeReading() {
    raw.resumeReading();
  }

  @Override
  public boolean isReading() {
    return raw.isReading();
  }

  @Override
  public int writeBufferSize() {
    return raw.writeBufferSize();
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    raw.setWriteBufferLimits(high, low);
  }

  @Override
  public int writeBufferHigh() {
    return raw.writeBufferHigh();
  }

  @Override
  public int writeBufferLow() {
    return raw.writeBufferLow();
  }

  @Override
  public SocketAddress peername() {
    return raw.peername();
  }

  @Override
  public SocketAddress sockname() {
    return raw.sockname();
  }

  @Override
  public Object extraInfo(String name) {
    return switch (name) {
      case "sslcontext" -> sslContext;
      case "ssl_object" -> engine;
      case "cipher" -> engine.getSession().getCipherSuite();
      case "peercert" -> peerCertificate();
      default -> raw.extraInfo(name);
    };
  }

  private Object peerCertificate() {
    try {
      return engine.getSession().getPeerCertificates()[0];
    } catch (SSLPeerUnverifiedException none) {
      return null;
    }
  }

  @Override
  public Protocol protocol() {
    return app;
  }

  @Override
  public void setProtocol(Protocol protocol) {
    if (protocol == null) {
      throw new NullPointerException("protocol");
    }
    app = protocol;
  }

  @Override
  public String toString() {
    return "TlsTransport<" + (handshakeDone ? engine.getSession().getProtocol() : "handshaking") + " over " + raw + ">";
  }
}
