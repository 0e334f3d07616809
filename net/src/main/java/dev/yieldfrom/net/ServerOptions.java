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
 */
public record ServerOptions(
    int backlog, boolean reusePort, boolean startServing, int limit, javax.net.ssl.SSLContext ssl) {
  /** asyncio's defaults: backlog 100, no SO_REUSEPORT, serving at once, 64 KiB limit, no TLS. */
  public static final ServerOptions DEFAULT =
      new ServerOptions(100, false, true, StreamReader.DEFAULT_LIMIT, null);

  public ServerOptions {
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
  }

  public ServerOptions withBacklog(int backlog) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl);
  }

  public ServerOptions withReusePort(boolean reusePort) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl);
  }

  public ServerOptions withStartServing(boolean startServing) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl);
  }

  public ServerOptions withSsl(javax.net.ssl.SSLContext ssl) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl);
  }

  public ServerOptions withLimit(int limit) {
    return new ServerOptions(backlog, reusePort, startServing, limit, ssl);
  }
}
