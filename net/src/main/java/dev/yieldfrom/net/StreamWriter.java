package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Future;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The writing half of a stream connection (asyncio's StreamWriter). {@link #write} hands bytes
 * to the transport at once; {@link #drain()} is what waits: while the transport holds more than
 * its high water mark (a slow reader on the other end), drain waits until it is down to the low
 * one. Use it on its loop's thread only.
 */
public final class StreamWriter {
  private Transport transport;
  private final StreamReaderProtocol protocol;
  private final StreamReader reader;

  StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader) {
    this.transport = transport;
    this.protocol = protocol;
    this.reader = reader;
  }

  public Transport transport() {
    return transport;
  }

  public void write(byte[] data) {
    transport.write(data);
  }

  public void write(byte[] data, int offset, int length) {
    transport.write(data, offset, length);
  }

  public void write(ByteBuffer data) {
    transport.write(data);
  }

  public void writelines(Iterable<byte[]> chunks) {
    transport.writelines(chunks);
  }

  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /** Closes the sending side once the buffer is flushed; the reader goes on. */
  public void writeEof() {
    transport.writeEof();
  }

  /** Closes the connection once the buffer is flushed; see {@link #waitClosed()}. */
  public void close() {
    transport.close();
  }

  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * A coroutine that finishes once the connection is closed; it raises the failure the
   * connection ended with, if any (a peer reset, say).
   */
  public Co<Void> waitClosed() {
    return protocol.closedWaiter();
  }

  public SocketAddress peername() {
    return transport.peername();
  }

  public SocketAddress sockname() {
    return transport.sockname();
  }

  /** asyncio's {@code get_extra_info}: see {@link Transport#extraInfo}. */
  public Object extraInfo(String name) {
    return transport.extraInfo(name);
  }

  /**
   * A coroutine that upgrades the connection to TLS (asyncio's {@code start_tls}); the reader and
   * this writer go on over it. On the client side the server's certificate must name
   * {@code serverHostname} (null skips the check); on a server's connection it is ignored.
   */
  public Co<Void> startTls(javax.net.ssl.SSLContext ssl, String serverHostname) {
    return startTls(ssl, serverHostname, TlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Like {@link #startTls(javax.net.ssl.SSLContext, String)}, with the handshake's timeout in seconds. */
  public Co<Void> startTls(javax.net.ssl.SSLContext ssl, String serverHostname, double sslHandshakeTimeout) {
    TlsTransport.requirePositive("sslHandshakeTimeout", sslHandshakeTimeout);
    return new Co<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          state = 1;
          return delegate(Net.startTls(transport, ssl, protocol.isServerSide(), serverHostname, sslHandshakeTimeout));
        }
        if (thrown != null) {
          throw thrown;
        }
        transport = (Transport) sent;
        reader.replaceTransport(transport);
        return returnValue(null);
      }
    };
  }

  /**
   * A coroutine that waits until writing may go on: at once unless the transport's buffer is
   * over its high water mark. It raises the reader's failure if the connection failed, and a
   * {@link java.net.SocketException} ("Connection lost") once the connection is closed.
   */
  public Co<Void> drain() {
    return new Drain();
  }

  private final class Drain extends Co<Void> {
    private Future<Void> waiter;

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      switch (state) {
        case 0:
          Throwable failure = reader.exception();
          if (failure != null) {
            throw failure;
          }
          if (transport.isClosing()) {
            // As asyncio: give connectionLost a chance to run, so the error below is the right one.
            state = 1;
            return null;
          }
          return waitIfPaused();
        case 1:
          if (thrown != null) {
            state = 3;
            throw thrown;
          }
          return waitIfPaused();
        case 2:
          state = 3;
          protocol.forgetDrainWaiter(waiter);
          if (thrown != null) {
            throw thrown;
          }
          return returnValue(null);
        default:
          throw new IllegalStateException("drain resumed after it finished");
      }
    }

    private Object waitIfPaused() throws Throwable {
      waiter = protocol.drainWaiter();
      if (waiter == null) {
        state = 3;
        return returnValue(null);
      }
      state = 2;
      return delegate(waiter);
    }
  }

  @Override
  public String toString() {
    return "StreamWriter<" + transport + ">";
  }
}
