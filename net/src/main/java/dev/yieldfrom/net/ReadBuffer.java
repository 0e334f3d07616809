package dev.yieldfrom.net;

import java.nio.ByteBuffer;

/**
 * The buffer every transport of a loop reads into: a loop runs on one thread and hands the bytes
 * of one read to a protocol before the next read, so one direct buffer per thread serves all its
 * connections and a read allocates nothing.
 */
final class ReadBuffer {
  /** asyncio reads up to 256 KiB at a time; 64 KiB is already many segments per read. */
  static final int SIZE = 64 * 1024;

  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

  private ReadBuffer() {}

  /** This thread's buffer, cleared. */
  static ByteBuffer forThisThread() {
    return BUFFER.get().clear();
  }
}
