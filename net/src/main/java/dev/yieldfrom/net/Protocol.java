package dev.yieldfrom.net;

import java.nio.ByteBuffer;

/**
 * What a stream connection tells its user (asyncio's Protocol): the callbacks a {@link Transport}
 * makes on the loop's thread, in this order: {@link #connectionMade} once, then
 * {@link #dataReceived} any number of times, then {@link #eofReceived} at most once, then
 * {@link #connectionLost} once. {@link #pauseWriting} and {@link #resumeWriting} come in pairs
 * whenever the transport's write buffer crosses its high and low water marks.
 */
public interface Protocol {
  /** The connection is set up; {@code transport} is what writes to it. */
  default void connectionMade(Transport transport) {}

  /**
   * Bytes arrived: {@code data} holds them from its position to its limit. The buffer is the
   * loop's, reused for the next read: it is valid only during this call; copy what you keep.
   */
  void dataReceived(ByteBuffer data);

  /**
   * The peer closed its sending side (half-close). Return true to keep the connection open for
   * writing (then close the transport yourself); false closes it.
   */
  default boolean eofReceived() {
    return false;
  }

  /**
   * The connection is closed: {@code failure} is null for a regular end (EOF, close, abort),
   * otherwise the error that ended it (a peer reset is a {@link java.net.SocketException}).
   */
  default void connectionLost(Exception failure) {}

  /** The transport's write buffer went over its high water mark: stop writing for now. */
  default void pauseWriting() {}

  /** The write buffer drained to its low water mark after {@link #pauseWriting}. */
  default void resumeWriting() {}
}
