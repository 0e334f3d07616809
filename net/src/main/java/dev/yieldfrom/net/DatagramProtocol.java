package dev.yieldfrom.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** What a UDP endpoint tells its user (asyncio's DatagramProtocol), on the loop's thread. */
public interface DatagramProtocol {
  default void connectionMade(DatagramTransport transport) {}

  /**
   * A datagram arrived from {@code from}: {@code data} holds it from its position to its limit,
   * and like a stream read it is valid only during this call.
   */
  void datagramReceived(ByteBuffer data, SocketAddress from);

  /**
   * A send or receive failed without ending the endpoint; on a connected endpoint an ICMP "port
   * unreachable" from the peer comes here as a {@link java.net.PortUnreachableException}.
   */
  default void errorReceived(Exception failure) {}

  /** The endpoint is closed; {@code failure} is null unless an error closed it. */
  default void connectionLost(Exception failure) {}

  default void pauseWriting() {}

  default void resumeWriting() {}
}
