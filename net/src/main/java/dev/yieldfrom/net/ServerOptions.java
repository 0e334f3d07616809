package dev.yieldfrom.net;

/**
 * How {@link Net#createServer} and {@link Net#startServer} listen.
 *
 * @param backlog the listen queue length, also the most connections accepted per wake-up
 * @param reusePort SO_REUSEPORT: several loops (one per core, say) listen on the same port and
 *     the kernel spreads the connections over them
 * @param startServing whether to accept at once (else call {@link Server#startServing()})
 * @param limit for a stream server: each {@link StreamReader}'s buffer limit
 * @param ssl if not null, connections are TLS with this context's key (asyncio's {@code ssl})
 * @param sslHandshakeTimeout with TLS, the seconds a connection's handshake may take before the
 *     connection is aborted (asyncio's {@code ssl_handshake_timeout})
 * @param sslShutdownTimeout with TLS, the seconds a closing connection may take to send its
 *     close_notify and what it still holds before it is aborted (asyncio's {@code
 *     ssl_shutdown_timeout})
 */
public record ServerOptions(
    int backlog,
    boolean reusePort,
    boolean startServing,
    int limit,
    javax.net.ssl.SSLContext ssl,
    double sslHandshakeTimeout,
    double sslShutdownTimeout) {
  /**
   * asyncio's defaults: backlog 100, no SO_REUSEPORT, serving at once, 64 KiB limit, no TLS
   * (with TLS, 60 s for the handshake and 30 s for the shutdown).
   */
  public static final ServerOptions DEFAULT =
      new ServerOptions(100, false, true, StreamReader.DEFAULT_LIMIT, null);

  /** The options with asyncio's TLS timeouts (60 s handshake, 30 s shutdown). */
  public ServerOptions(
      int backlog, boolean reusePort, boolean startServing, int limit, javax.net.ssl.SSLContext ssl) {
    this(
        backlog,
        reusePort,
        startServing,
        limit,
        ssl,
        TlsTransport.DEFAULT_HANDSHAKE_TIMEOUT,
        TlsTransport.DEFAULT_SHUTDOWN_TIMEOUT);
  }

  public ServerOptions {
    TlsTransport.requirePositive("sslHandshakeTimeout", sslHandshakeTimeout);
    TlsTransport.requirePositive("sslShutdownTimeout", sslShutdownTimeout);
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
  }

  public ServerOptions withBacklog(int backlog) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, sslShutdownTimeout);
  }

  public ServerOptions withReusePort(boolean reusePort) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, sslShutdownTimeout);
  }

  public ServerOptions withStartServing(boolean startServing) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, sslShutdownTimeout);
  }

  public ServerOptions withSsl(javax.net.ssl.SSLContext ssl) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, sslShutdownTimeout);
  }

  public ServerOptions withLimit(int limit) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, sslShutdownTimeout);
  }

  public ServerOptions withSslHandshakeTimeout(double seconds) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, seconds, sslShutdownTimeout);
  }

  public ServerOptions withSslShutdownTimeout(double seconds) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl, sslHandshakeTimeout, seconds);
  }
}
