package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One end of a stream connection (asyncio's Transport): writes are buffered and sent as the
 * socket accepts them, reads are delivered to a {@link Protocol}. Every method runs on the loop's
 * thread and returns at once.
 */
public interface Transport {
  /** The loop whose thread drives this transport. */
  EventLoop loop();

  /** Sends {@code data}; what the socket cannot take now is copied to the write buffer. */
  void write(byte[] data);

  void write(byte[] data, int offset, int length);

  /** Sends the bytes of {@code data} from its position to its limit, consuming them. */
  void write(ByteBuffer data);

  /** Writes each chunk in order. */
  default void writelines(Iterable<byte[]> chunks) {
    for (byte[] chunk : chunks) {
      write(chunk);
    }
  }

  /** Whether {@link #writeEof} is supported (not on TLS). */
  boolean canWriteEof();

  /**
   * Closes the sending side once the write buffer is flushed (half-close); reading goes on.
   *
   * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
   */
  void writeEof();

  /**
   * Closes the connection once the write buffer is flushed; no more data is received. The
   * protocol's {@link Protocol#connectionLost} is called with null on a later iteration.
   */
  void close();

  /** Closes the connection at once, dropping the write buffer. */
  void abort();

  /** Whether the transport is closing or closed. */
  boolean isClosing();

  /** Stops delivering data to the protocol until {@link #resumeReading}; the peer is slowed down by TCP. */
  void pauseReading();

  void resumeReading();

  boolean isReading();

  /** Bytes written but not yet accepted by the socket. */
  int writeBufferSize();

  /**
   * Sets the write buffer's water marks: the protocol is paused above {@code high} bytes and
   * resumed at {@code low} or below.
   *
   * @throws IllegalArgumentException unless {@code 0 <= low <= high}
   */
  void setWriteBufferLimits(int high, int low);

  int writeBufferHigh();

  int writeBufferLow();

  /** The peer's address (asyncio's {@code get_extra_info('peername')}), or null if unknown. */
  SocketAddress peername();

  /** This end's address ({@code get_extra_info('sockname')}), or null if unknown. */
  SocketAddress sockname();

  /**
   * asyncio's {@code get_extra_info(name)}: {@code "peername"}, {@code "sockname"},
   * {@code "socket"} (the {@link java.nio.channels.SocketChannel}), and on TLS
   * {@code "sslcontext"}, {@code "ssl_object"} (the {@link javax.net.ssl.SSLEngine}),
   * {@code "peercert"}, {@code "cipher"}; null for anything else.
   */
  Object extraInfo(String name);

  Protocol protocol();

  /** Hands the connection to another protocol: later callbacks go to it. */
  void setProtocol(Protocol protocol);
}
