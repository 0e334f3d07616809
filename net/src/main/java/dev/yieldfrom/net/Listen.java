package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The coroutine of {@link Net#createServer}: looks the host up (off the loop's thread unless it
 * is an IP literal or null, which means every interface), binds a listening socket on each
 * address and makes the {@link Server}. If any bind fails, every socket opened is closed.
 */
final class Listen extends Co<Server> {
  private final String host;
  private final int port;
  private final Supplier<? extends Protocol> protocolFactory;
  private final ServerOptions options;
  private List<SocketAddress> addresses;

  Listen(String host, int port, Supplier<? extends Protocol> protocolFactory, ServerOptions options) {
    this.host = host;
    this.port = port;
    this.protocolFactory = protocolFactory;
    this.options = options;
  }

  Listen(SocketAddress address, Supplier<? extends Protocol> protocolFactory, ServerOptions options) {
    this(null, -1, protocolFactory, options);
    this.addresses = List.of(address);
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        state = 2;
        EventLoop loop = EventLoop.getRunningLoop();
        if (addresses == null) {
          if (host == null || host.isEmpty()) {
            addresses = List.of(new InetSocketAddress(port));
          } else {
            InetAddress[] literal = Addresses.literal(host);
            if (literal == null) {
              state = 1;
              return delegate(Addresses.lookup(loop, host));
            }
            addresses = withPort(literal);
          }
        }
        return returnValue(bind(loop));
      case 1:
        state = 2;
        if (thrown != null) {
          throw thrown;
        }
        addresses = withPort((InetAddress[]) sent);
        return returnValue(bind(EventLoop.getRunningLoop()));
      default:
        throw new IllegalStateException("createServer resumed after it finished");
    }
  }

  private List<SocketAddress> withPort(InetAddress[] found) {
    List<SocketAddress> withPort = new ArrayList<>(found.length);
    for (InetAddress address : found) {
      withPort.add(new InetSocketAddress(address, port));
    }
    return withPort;
  }

  private Server bind(EventLoop loop) throws IOException {
    Supplier<? extends Protocol> factory = protocolFactory;
    javax.net.ssl.SSLContext ssl = options.ssl();
    if (ssl != null) {
      double handshakeTimeout = options.sslHandshakeTimeout();
      double shutdownTimeout = options.sslShutdownTimeout();
      factory =
          () ->
              new TlsTransport(
                  TlsEngines.server(ssl), ssl, protocolFactory.get(), true, handshakeTimeout, shutdownTimeout);
    }
    Server server = new Server(loop, factory, options.backlog());
    List<ServerSocketChannel> opened = new ArrayList<>(addresses.size());
    try {
      for (SocketAddress address : addresses) {
        ServerSocketChannel channel;
        if (address instanceof UnixDomainSocketAddress unix) {
          channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
          opened.add(channel);
          UnixSockets.removeStaleSocket(unix.getPath());
        } else {
          channel = ServerSocketChannel.open();
          opened.add(channel);
          channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          if (options.reusePort()) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
          }
        }
        channel.configureBlocking(false);
        try {
          channel.bind(address, options.backlog());
        } catch (IOException failure) {
          throw Addresses.bindFailed(address, failure);
        }
        server.addListener(channel);
      }
    } catch (IOException | RuntimeException failure) {
      for (ServerSocketChannel channel : opened) {
        try {
          channel.close();
        } catch (IOException closeFailure) {
          failure.addSuppressed(closeFailure);
        }
      }
      throw failure;
    }
    if (options.startServing()) {
      server.startServing();
    }
    return server;
  }
}
