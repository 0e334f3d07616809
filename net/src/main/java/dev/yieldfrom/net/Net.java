package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * asyncio's network functions for coroutine bodies: import them statically
 * ({@code import static dev.yieldfrom.net.Net.*;}) and await what they return with
 * {@code yieldFrom(...)} on the running loop, which must have a real clock (a virtual-time loop
 * has no selector).
 *
 * <p>Two layers, as in asyncio. Streams: {@link #openConnection} and {@link #startServer} give a
 * {@link StreamReader} and {@link StreamWriter} per connection. Under them, transports and
 * protocols: {@link #createConnection} and {@link #createServer} call a {@link Protocol} back as
 * bytes arrive, with no coroutine in between.
 *
 * <p>All connections of a loop share its thread and its selector; there is no thread per
 * connection. A host name that is not an IP literal is looked up on the loop's default executor.
 * A connection that fails raises Java's exception ({@link java.net.ConnectException} and so on),
 * its message naming the address.
 */
public final class Net {
  private Net() {}

  // ---------------------------------------------------------------- streams

  /** Connects to {@code host:port} and returns the connection's reader and writer. */
  public static Co<StreamPair> openConnection(String host, int port) {
    return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
  }

  /** Like {@link #openConnection(String, int)}, with the reader's buffer {@code limit}. */
  public static Co<StreamPair> openConnection(String host, int port, int limit) {
    StreamReader reader = new StreamReader(limit);
    return new OpenStreams(new Connect<>(host, port, () -> new StreamReaderProtocol(reader, null)), reader);
  }

  /**
   * Connects to {@code host:port} over TLS with {@code ssl} (asyncio's {@code ssl=context}): the
   * server's certificate must name {@code host}. Returns once the handshake is done.
   */
  public static Co<StreamPair> openConnection(String host, int port, SSLContext ssl) {
    return openConnection(host, port, ssl, TlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Like {@link #openConnection(String, int, SSLContext)}; a handshake not done within {@code
   * sslHandshakeTimeout} seconds (asyncio's default: 60) aborts the connection and raises a
   * {@link dev.yieldfrom.runtime.TimeoutException}.
   */
  public static Co<StreamPair> openConnection(String host, int port, SSLContext ssl, double sslHandshakeTimeout) {
    requireContext(ssl);
    StreamReader reader = new StreamReader();
    return new OpenStreams(
        new Connect<>(host, port, () -> new StreamReaderProtocol(reader, null))
            .withTls(ssl, host, sslHandshakeTimeout),
        reader);
  }

  /** Connects to the Unix domain socket at {@code path}; returns its reader and writer. */
  public static Co<StreamPair> openUnixConnection(Path path) {
    StreamReader reader = new StreamReader();
    return new OpenStreams(
        new Connect<>(UnixDomainSocketAddress.of(path), () -> new StreamReaderProtocol(reader, null)), reader);
  }

  /**
   * Listens on {@code host:port} (every interface if {@code host} is null; port 0 picks a free
   * one, see {@link Server#addresses()}) and runs {@code clientConnected} for each connection
   * accepted, its coroutine as a task of its own.
   */
  public static Co<Server> startServer(ClientConnected clientConnected, String host, int port) {
    return startServer(clientConnected, host, port, ServerOptions.DEFAULT);
  }

  public static Co<Server> startServer(
      ClientConnected clientConnected, String host, int port, ServerOptions options) {
    requireHandler(clientConnected);
    return new Listen(host, port, streams(clientConnected, options), options);
  }

  /** Listens on the Unix domain socket {@code path} (a stale socket file there is replaced). */
  public static Co<Server> startUnixServer(ClientConnected clientConnected, Path path) {
    requireHandler(clientConnected);
    ServerOptions options = ServerOptions.DEFAULT;
    return new Listen(UnixDomainSocketAddress.of(path), streams(clientConnected, options), options);
  }

  private static Supplier<Protocol> streams(ClientConnected clientConnected, ServerOptions options) {
    int limit = options.limit();
    return () -> new StreamReaderProtocol(new StreamReader(limit), clientConnected);
  }

  // ---------------------------------------------------------------- transports and protocols

  /**
   * Connects to {@code host:port} with a protocol made by {@code protocolFactory}; returns the
   * transport and the protocol, whose {@link Protocol#connectionMade} has run.
   */
  public static <P extends Protocol> Co<Connection<P>> createConnection(
      Supplier<? extends P> protocolFactory, String host, int port) {
    requireFactory(protocolFactory);
    return new Connect<>(host, port, protocolFactory);
  }

  /** Like {@link #createConnection(Supplier, String, int)}, over TLS: see {@link #openConnection(String, int, SSLContext)}. */
  public static <P extends Protocol> Co<Connection<P>> createConnection(
      Supplier<? extends P> protocolFactory, String host, int port, SSLContext ssl) {
    return createConnection(protocolFactory, host, port, ssl, TlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Like {@link #createConnection(Supplier, String, int, SSLContext)}, with the handshake's timeout in seconds. */
  public static <P extends Protocol> Co<Connection<P>> createConnection(
      Supplier<? extends P> protocolFactory, String host, int port, SSLContext ssl, double sslHandshakeTimeout) {
    requireFactory(protocolFactory);
    requireContext(ssl);
    return new Connect<P>(host, port, protocolFactory).withTls(ssl, host, sslHandshakeTimeout);
  }

  /**
   * Upgrades {@code transport} to TLS (asyncio's {@code start_tls}): its protocol is kept and
   * from now on sees plaintext; it gets no second {@code connectionMade}. Returns the new
   * transport, to write to instead of the old one, once the handshake is done. As a client,
   * the server's certificate must name {@code serverHostname} (null skips the check).
   */
  public static Co<Transport> startTls(
      Transport transport, SSLContext ssl, boolean serverSide, String serverHostname) {
    return startTls(transport, ssl, serverSide, serverHostname, TlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Like {@link #startTls(Transport, SSLContext, boolean, String)}; a handshake not done within
   * {@code sslHandshakeTimeout} seconds aborts the connection and raises a {@link
   * dev.yieldfrom.runtime.TimeoutException}.
   */
  public static Co<Transport> startTls(
      Transport transport, SSLContext ssl, boolean serverSide, String serverHostname, double sslHandshakeTimeout) {
    requireContext(ssl);
    TlsTransport.requirePositive("sslHandshakeTimeout", sslHandshakeTimeout);
    return new StartTls(transport, ssl, serverSide, serverHostname, sslHandshakeTimeout);
  }

  public static <P extends Protocol> Co<Connection<P>> createUnixConnection(
      Supplier<? extends P> protocolFactory, Path path) {
    requireFactory(protocolFactory);
    return new Connect<>(UnixDomainSocketAddress.of(path), protocolFactory);
  }

  /** Listens on {@code host:port}; each connection accepted gets a protocol from the factory. */
  public static Co<Server> createServer(Supplier<? extends Protocol> protocolFactory, String host, int port) {
    return createServer(protocolFactory, host, port, ServerOptions.DEFAULT);
  }

  public static Co<Server> createServer(
      Supplier<? extends Protocol> protocolFactory, String host, int port, ServerOptions options) {
    requireFactory(protocolFactory);
    return new Listen(host, port, protocolFactory, options);
  }

  public static Co<Server> createUnixServer(Supplier<? extends Protocol> protocolFactory, Path path) {
    requireFactory(protocolFactory);
    return new Listen(UnixDomainSocketAddress.of(path), protocolFactory, ServerOptions.DEFAULT);
  }

  // ---------------------------------------------------------------- UDP

  /**
   * Opens a UDP endpoint (asyncio's {@code create_datagram_endpoint}): bound to
   * {@code localAddress} if not null (else to an ephemeral port), and connected to
   * {@code remoteAddress} if not null, so that only its datagrams arrive and
   * {@link DatagramTransport#sendto} needs no address. Addresses given by name are looked up on the
   * default executor.
   */
  public static <P extends DatagramProtocol> Co<DatagramConnection<P>> createDatagramEndpoint(
      Supplier<? extends P> protocolFactory, java.net.InetSocketAddress localAddress, java.net.InetSocketAddress remoteAddress) {
    if (protocolFactory == null) {
      throw new NullPointerException("protocolFactory");
    }
    if (localAddress == null && remoteAddress == null) {
      throw new IllegalArgumentException("unexpected address family: give a local or a remote address");
    }
    return new OpenDatagramEndpoint<>(protocolFactory, localAddress, remoteAddress);
  }

  // ---------------------------------------------------------------- subprocesses

  /**
   * Starts {@code command} (the program, then its arguments) with each standard stream as given
   * (asyncio's {@code create_subprocess_exec}); a program that cannot be started raises the
   * JDK's {@link java.io.IOException}.
   */
  public static Co<Subprocess> createSubprocessExec(List<String> command, Stdio stdin, Stdio stdout, Stdio stderr) {
    List<String> copy = List.copyOf(command);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no program to run");
    }
    return new StartSubprocess(copy, stdin, stdout, stderr);
  }

  /** Runs {@code command} through the shell ({@code /bin/sh -c}; {@code cmd /c} on Windows). */
  public static Co<Subprocess> createSubprocessShell(String command, Stdio stdin, Stdio stdout, Stdio stderr) {
    List<String> shell =
        System.getProperty("os.name").startsWith("Windows")
            ? List.of("cmd.exe", "/c", command)
            : List.of("/bin/sh", "-c", command);
    return new StartSubprocess(shell, stdin, stdout, stderr);
  }

  private static final class StartSubprocess extends Co<Subprocess> {
    private final List<String> command;
    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;

    StartSubprocess(List<String> command, Stdio stdin, Stdio stdout, Stdio stderr) {
      this.command = command;
      this.stdin = java.util.Objects.requireNonNull(stdin, "stdin");
      this.stdout = java.util.Objects.requireNonNull(stdout, "stdout");
      this.stderr = java.util.Objects.requireNonNull(stderr, "stderr");
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (thrown != null) {
        throw thrown;
      }
      return returnValue(Subprocess.start(command, stdin, stdout, stderr));
    }
  }

  // ---------------------------------------------------------------- names

  /**
   * Looks {@code host} up on the running loop's default executor, where the lookup may block
   * (asyncio's {@code getaddrinfo}); an IP literal is parsed at once.
   */
  public static Future<InetAddress[]> getAllByName(String host) {
    EventLoop loop = EventLoop.getRunningLoop();
    InetAddress[] literal = Addresses.literal(host);
    if (literal == null) {
      return Addresses.lookup(loop, host);
    }
    Future<InetAddress[]> parsed = loop.createFuture();
    parsed.setResult(literal);
    return parsed;
  }

  private static void requireContext(SSLContext ssl) {
    if (ssl == null) {
      throw new NullPointerException("ssl");
    }
  }

  private static void requireHandler(ClientConnected clientConnected) {
    if (clientConnected == null) {
      throw new NullPointerException("clientConnected");
    }
  }

  private static void requireFactory(Supplier<?> protocolFactory) {
    if (protocolFactory == null) {
      throw new NullPointerException("protocolFactory");
    }
  }

  /** openConnection: connect, then hand out the reader and the writer the protocol made. */
  private static final class OpenStreams extends Co<StreamPair> {
    private final Connect<StreamReaderProtocol> connect;
    private final StreamReader reader;

    OpenStreams(Connect<StreamReaderProtocol> connect, StreamReader reader) {
      this.connect = connect;
      this.reader = reader;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 0) {
        state = 1;
        return delegate(connect);
      }
      if (thrown != null) {
        throw thrown;
      }
      @SuppressWarnings("unchecked")
      Connection<StreamReaderProtocol> connection = (Connection<StreamReaderProtocol>) sent;
      return returnValue(new StreamPair(reader, connection.protocol().writer()));
    }
  }

  private static final class StartTls extends Co<Transport> {
    private final Transport transport;
    private final SSLContext ssl;
    private final boolean serverSide;
    private final String serverHostname;
    private final double handshakeTimeout;
    private TlsTransport tls;

    StartTls(
        Transport transport, SSLContext ssl, boolean serverSide, String serverHostname, double handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      this.transport = transport;
      this.ssl = ssl;
      this.serverSide = serverSide;
      this.serverHostname = serverHostname;
    }

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 0) {
        if (transport.isClosing()) {
          throw new java.net.SocketException("Connection closed: cannot start TLS");
        }
        state = 1;
        javax.net.ssl.SSLEngine engine =
            serverSide ? TlsEngines.server(ssl) : TlsEngines.client(ssl, serverHostname, -1);
        tls =
            new TlsTransport(
                engine, ssl, transport.protocol(), false, handshakeTimeout, TlsTransport.DEFAULT_SHUTDOWN_TIMEOUT);
        transport.setProtocol(tls);
        tls.connectionMade(transport);
        return delegate(tls.handshake());
      }
      if (thrown != null) {
        transport.abort();
        throw thrown;
      }
      return returnValue(tls);
    }
  }
}
