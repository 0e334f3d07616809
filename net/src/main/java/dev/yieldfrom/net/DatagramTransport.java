package dev.yieldfrom.net;

import java.net.SocketAddress;

/** A UDP endpoint (asyncio's DatagramTransport). Loop thread only. */
public interface DatagramTransport {
  /**
   * Sends one datagram to {@code to}, or to the peer of a connected endpoint if {@code to} is
   * null. A datagram the socket cannot take now is queued (copied) and sent when it can.
   *
   * @throws IllegalArgumentException if {@code to} is null on an endpoint that is not connected,
   *     or names another address than the peer of a connected one
   */
  void sendto(byte[] data, SocketAddress to);

  /** Closes the endpoint once queued datagrams are sent. */
  void close();

  /** Closes the endpoint at once, dropping queued datagrams. */
  void abort();

  boolean isClosing();

  /** Bytes of the datagrams queued. */
  int writeBufferSize();

  SocketAddress sockname();

  /** The peer of a connected endpoint, or null. */
  SocketAddress peername();

  /** {@code "peername"}, {@code "sockname"}, {@code "socket"} (the DatagramChannel), or null. */
  Object extraInfo(String name);
}
