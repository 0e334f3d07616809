package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.IoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The coroutine of {@link Net#createConnection}: looks the host up (off the loop's thread unless
 * it is an IP literal), then tries its addresses in order with a non-blocking connect until one
 * answers. If it is cancelled, or every address fails, no channel is left open.
 */
final class Connect<P extends Protocol> extends Co<Connection<P>> implements IoHandler {
  private final String host;
  private final int port;
  private final Supplier<? extends P> protocolFactory;
  private List<SocketAddress> targets;
  private EventLoop loop;
  private int next;
  private final List<IOException> failures = new ArrayList<>(1);
  private SocketAddress target;
  private SocketChannel channel;
  private SelectionKey key;
  private Future<Void> connected;
  /** If not null, the connection is TLS; the name is the one the certificate must bear. */
  private SSLContext ssl;
  private String serverHostname;
  private double sslHandshakeTimeout;
  private SocketTransport socketTransport;

  Connect(String host, int port, Supplier<? extends P> protocolFactory) {
    this.host = host;
    this.port = port;
    this.protocolFactory = protocolFactory;
  }

  /**
   * Makes this a TLS connection, checking that the server's certificate names {@code
   * serverHostname}; a handshake not done within {@code sslHandshakeTimeout} seconds aborts it.
   */
  Connect<P> withTls(SSLContext ssl, String serverHostname, double sslHandshakeTimeout) {
    this.ssl = ssl;
    this.serverHostname = serverHostname;
    this.sslHandshakeTimeout = TlsTransport.requirePositive("sslHandshakeTimeout", sslHandshakeTimeout);
    return this;
  }

  /** Connects to {@code address} only (a Unix domain socket, or an address already resolved). */
  Connect(SocketAddress address, Supplier<? extends P> protocolFactory) {
    this(null, -1, protocolFactory);
    this.targets = List.of(address);
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        loop = EventLoop.getRunningLoop();
        if (targets == null) {
          InetAddress[] literal = Addresses.literal(host);
          if (literal == null) {
            state = 1;
            return delegate(Addresses.lookup(loop, host));
          }
          targets = withPort(literal);
        }
        return tryNext();
      case 1:
        if (thrown != null) {
          state = 3;
          throw thrown;
        }
        targets = withPort((InetAddress[]) sent);
        return tryNext();
      case 2:
        connected = null;
        if (thrown != null) {
          state = 3;
          closeChannel();
          throw thrown;
        }
        try {
          channel.finishConnect();
        } catch (IOException failure) {
          failures.add(Addresses.connectFailed(target, failure));
          closeChannel();
          return tryNext();
        }
        return finish();
      case 4:
        state = 3;
        if (thrown != null) {
          socketTransport.abort();
          throw thrown;
        }
        return returnValue(new Connection<>(tls, tlsProtocol));
      default:
        throw new IllegalStateException("connect resumed after it finished");
    }
  }

  private List<SocketAddress> withPort(InetAddress[] addresses) {
    List<SocketAddress> withPort = new ArrayList<>(addresses.length);
    for (InetAddress address : addresses) {
      withPort.add(new InetSocketAddress(address, port));
    }
    return withPort;
  }

  private Object tryNext() throws Throwable {
    while (next < targets.size()) {
      target = targets.get(next++);
      try {
        if (target instanceof UnixDomainSocketAddress) {
          channel = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        } else {
          channel = SocketChannel.open();
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        channel.configureBlocking(false);
        if (channel.connect(target)) {
          return finish();
        }
        key = loop.register(channel, SelectionKey.OP_CONNECT, this);
      } catch (IOException failure) {
        failures.add(Addresses.connectFailed(target, failure));
        closeChannel();
        continue;
      }
      connected = loop.createFuture();
      state = 2;
      return delegate(connected);
    }
    state = 3;
    throw Addresses.combine(failures);
  }

  /** The socket is connected: hand it to a transport and its protocol. */
  private Object finish() throws Throwable {
    state = 3;
    SocketTransport transport;
    P protocol;
    try {
      if (key == null) {
        key = loop.register(channel, 0, this);
      }
      protocol = protocolFactory.get();
      if (protocol == null) {
        throw new NullPointerException("the protocol factory returned null");
      }
      if (ssl != null) {
        tls =
            new TlsTransport(
                TlsEngines.client(ssl, serverHostname, port),
                ssl,
                protocol,
                true,
                sslHandshakeTimeout,
                TlsTransport.DEFAULT_SHUTDOWN_TIMEOUT);
        tlsProtocol = protocol;
      }
      transport = new SocketTransport(loop, channel, key, tls != null ? tls : protocol, null);
    } catch (Throwable failure) {
      closeChannel();
      throw failure;
    }
    transport.start();
    if (tls == null) {
      return returnValue(new Connection<>(transport, protocol));
    }
    // The connection is the application's once the handshake is done.
    socketTransport = transport;
    state = 4;
    return delegate(tls.handshake());
  }

  private TlsTransport tls;
  private P tlsProtocol;

  /** The selector saw the connect finish (or fail): finishConnect tells which, in the coroutine. */
  @Override
  public void ready(SelectionKey selected) {
    selected.interestOps(0);
    if (connected != null && !connected.isDone()) {
      connected.setResult(null);
    }
  }

  private void closeChannel() {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException failure) {
        failures.add(failure);
      }
      channel = null;
    }
  }
}
