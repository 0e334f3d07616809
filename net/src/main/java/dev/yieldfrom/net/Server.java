package dev.yieldfrom.net;

import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.IoHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Listening sockets and the connections they accepted (asyncio's Server): each accepted
 * connection gets a protocol from the factory and a transport on the loop's selector.
 *
 * <p>{@link #close()} stops listening and leaves the accepted connections running;
 * {@link #waitClosed()} finishes once the server is closed and all of them are closed too (as in
 * Python 3.12); {@link #closeClients()} and {@link #abortClients()} end them (Python 3.13).
 */
public final class Server {
  /** After an accept fails for want of resources (too many open files), wait this long. */
  private static final double ACCEPT_RETRY_DELAY = 1.0;

  private final EventLoop loop;
  private final Supplier<? extends Protocol> protocolFactory;
  private final int backlog;
  private final List<Listener> listeners = new ArrayList<>();
  private boolean serving;
  private boolean closed;
  private int connections;
  private SocketTransport firstConnection;
  private final Completion allClosed = new Completion();
  private Future<Void> servingForever;

  Server(EventLoop loop, Supplier<? extends Protocol> protocolFactory, int backlog) {
    this.loop = loop;
    this.protocolFactory = protocolFactory;
    this.backlog = backlog;
  }

  /** Registers a bound listening channel; it accepts once the server is serving. */
  void addListener(ServerSocketChannel channel) throws IOException {
    Listener listener = new Listener(channel);
    listener.key = loop.register(channel, 0, listener);
    listeners.add(listener);
  }

  public EventLoop loop() {
    return loop;
  }

  /** The addresses the server listens on (asyncio's {@code sockets}); empty once closed. */
  public List<SocketAddress> addresses() {
    List<SocketAddress> addresses = new ArrayList<>(listeners.size());
    for (Listener listener : listeners) {
      try {
        addresses.add(listener.channel.getLocalAddress());
      } catch (IOException closedChannel) {
        // Closed meanwhile: it listens no more.
      }
    }
    return addresses;
  }

  public boolean isServing() {
    return serving;
  }

  /** Starts accepting connections (done at once unless the server was made with startServing false). */
  public void startServing() {
    if (closed || serving) {
      return;
    }
    serving = true;
    for (Listener listener : listeners) {
      listener.key.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  /**
   * Stops listening: the listening sockets are closed; connections already accepted go on. A
   * pending {@link #serveForever()} is cancelled.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    serving = false;
    for (Listener listener : listeners) {
      listener.close();
    }
    listeners.clear();
    if (servingForever != null && !servingForever.isDone() && !loop.isClosed()) {
      servingForever.cancel();
    }
    wakeUpIfAllClosed();
  }

  /**
   * Closes every accepted connection (after flushing what it has to send); a TLS connection sends
   * its close_notify first, as its own {@code close()} does.
   */
  public void closeClients() {
    for (SocketTransport t : connectionsNow()) {
      if (t.protocol() instanceof TlsTransport tls) {
        tls.close();
      } else {
        t.close();
      }
    }
  }

  /** Aborts every accepted connection at once (a TLS connection without its close_notify). */
  public void abortClients() {
    for (SocketTransport t : connectionsNow()) {
      t.abort();
    }
  }

  /** The number of accepted connections not closed yet. */
  public int connectionCount() {
    return connections;
  }

  /** A coroutine that finishes once the server is closed and none of its connections is open. */
  public Co<Void> waitClosed() {
    return allClosed.await();
  }

  /**
   * A coroutine that serves until it is cancelled, then closes the server, waits until it is
   * closed ({@link #waitClosed()}), and raises the {@link CancelledError}.
   *
   * @throws IllegalStateException (when awaited) if the server is closed, or another
   *     serveForever is running
   */
  public Co<Void> serveForever() {
    return new ServeForever();
  }

  private List<SocketTransport> connectionsNow() {
    List<SocketTransport> now = new ArrayList<>(connections);
    for (SocketTransport t = firstConnection; t != null; t = t.nextOfServer) {
      now.add(t);
    }
    return now;
  }

  /** A connection of this server closed its channel. */
  void detach(SocketTransport transport) {
    if (transport.previousOfServer != null) {
      transport.previousOfServer.nextOfServer = transport.nextOfServer;
    } else if (firstConnection == transport) {
      firstConnection = transport.nextOfServer;
    }
    if (transport.nextOfServer != null) {
      transport.nextOfServer.previousOfServer = transport.previousOfServer;
    }
    transport.previousOfServer = null;
    transport.nextOfServer = null;
    connections--;
    wakeUpIfAllClosed();
  }

  private void wakeUpIfAllClosed() {
    // After the loop is closed nobody can be waiting, and a future could not complete.
    if (closed && connections == 0 && !loop.isClosed()) {
      allClosed.complete(null);
    }
  }

  private void accepted(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    if (channel.getLocalAddress() instanceof java.net.InetSocketAddress) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    Protocol protocol = protocolFactory.get();
    SelectionKey key = loop.register(channel, 0, IGNORE);
    SocketTransport transport = new SocketTransport(loop, channel, key, protocol, this);
    transport.nextOfServer = firstConnection;
    if (firstConnection != null) {
      firstConnection.previousOfServer = transport;
    }
    firstConnection = transport;
    connections++;
    transport.start();
  }

  /** The handler of a key until its transport takes it over. */
  private static final IoHandler IGNORE = key -> {};

  /** One listening socket's accept handler. */
  private final class Listener implements IoHandler {
    final ServerSocketChannel channel;
    SelectionKey key;

    Listener(ServerSocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void ready(SelectionKey selected) {
      // As asyncio: take up to a backlog's worth of connections per wake-up.
      for (int i = 0; i < backlog && serving; i++) {
        SocketChannel client;
        try {
          client = channel.accept();
        } catch (IOException failure) {
          acceptFailed(failure);
          return;
        }
        if (client == null) {
          return;
        }
        try {
          accepted(client);
        } catch (IOException | RuntimeException failure) {
          closeQuietly(client, failure);
          loop.callExceptionHandler(ExceptionContext.of("Error setting up an accepted connection", failure));
        }
      }
    }

    /** Out of file descriptors or the like: stop accepting for a while rather than spin. */
    private void acceptFailed(IOException failure) {
      loop.callExceptionHandler(
          ExceptionContext.of("socket.accept() out of system resource on " + channel, failure));
      if (!key.isValid()) {
        return;
      }
      key.interestOps(0);
      loop.callLater(
          ACCEPT_RETRY_DELAY,
          () -> {
            if (serving && key.isValid()) {
              key.interestOps(SelectionKey.OP_ACCEPT);
            }
          });
    }

    void close() {
      key.cancel();
      try {
        channel.close();
      } catch (IOException failure) {
        loop.callExceptionHandler(ExceptionContext.of("Error closing listening socket", failure));
      }
    }
  }

  private static void closeQuietly(SocketChannel channel, Throwable failure) {
    try {
      channel.close();
    } catch (IOException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  private final class ServeForever extends Co<Void> {
    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          if (servingForever != null) {
            throw new IllegalStateException("server " + Server.this + " is already being awaited on serveForever()");
          }
          if (closed) {
            throw new IllegalStateException("server " + Server.this + " is closed");
          }
          startServing();
          servingForever = loop.createFuture();
          state = 1;
          return delegate(servingForever);
        case 1:
          servingForever = null;
          if (thrown instanceof CancelledError) {
            Server.this.close(); // not Gen.close(): this coroutine's own

            state = 2;
            // Keep the cancellation to raise once the server is closed.
            pendingCancel = thrown;
            return delegate(waitClosed());
          }
          state = 3;
          if (thrown != null) {
            throw thrown;
          }
          return returnValue(null);
        case 2:
          state = 3;
          if (thrown != null) {
            thrown.addSuppressed(pendingCancel);
            throw thrown;
          }
          throw pendingCancel;
        default:
          throw new IllegalStateException("serveForever resumed after it finished");
      }
    }

    private Throwable pendingCancel;
  }

  @Override
  public String toString() {
    return "Server<" + (closed ? "closed" : serving ? "serving" : "not serving") + " " + addresses() + ">";
  }
}
