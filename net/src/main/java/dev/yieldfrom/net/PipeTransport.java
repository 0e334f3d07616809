package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A transport over one of a subprocess's pipes. The JDK's pipe streams block, so each pipe gets a
 * daemon thread that does the blocking and hands its results to the loop with
 * {@code callSoonThreadsafe}; the protocol and everything else stay on the loop's thread.
 */
abstract class PipeTransport implements Transport {
  final EventLoop loop;
  final Protocol protocol;
  boolean closing;

  PipeTransport(EventLoop loop, Protocol protocol) {
    this.loop = loop;
    this.protocol = protocol;
  }

  /** Hands {@code action} to the loop; a loop closed meanwhile has nobody to tell. */
  final void onLoop(Runnable action) {
    try {
      loop.callSoonThreadsafe(action);
    } catch (IllegalStateException closedLoop) {
      // The loop is gone: nobody waits for this pipe any more.
    }
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public SocketAddress peername() {
    return null;
  }

  @Override
  public SocketAddress sockname() {
    return null;
  }

  @Override
  public Object extraInfo(String name) {
    return null;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public void setProtocol(Protocol protocol) {
    throw new UnsupportedOperationException("a subprocess pipe keeps its protocol");
  }

  /** A pipe the subprocess writes (its stdout or stderr), read by a thread of its own. */
  static final class Reading extends PipeTransport {
    private final InputStream in;
    private final Object pauseLock = new Object();
    private boolean paused;

    Reading(EventLoop loop, Protocol protocol, InputStream in, String name) {
      super(loop, protocol);
      this.in = in;
      Thread reader = new Thread(this::readAll, name);
      reader.setDaemon(true);
      protocol.connectionMade(this);
      reader.start();
    }

    private void readAll() {
      byte[] chunk = new byte[ReadBuffer.SIZE];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          ByteBuffer data = ByteBuffer.wrap(java.util.Arrays.copyOf(chunk, n));
          onLoop(() -> protocol.dataReceived(data));
          synchronized (pauseLock) {
            while (paused) {
              pauseLock.wait();
            }
          }
        }
        onLoop(this::ended);
      } catch (IOException failure) {
        onLoop(() -> lost(failure));
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
      }
    }

    private void ended() {
      if (!protocol.eofReceived()) {
        close();
      }
      lost(null);
    }

    private void lost(Exception failure) {
      closing = true;
      protocol.connectionLost(failure);
    }

    @Override
    public void pauseReading() {
      synchronized (pauseLock) {
        paused = true;
      }
    }

    @Override
    public void resumeReading() {
      synchronized (pauseLock) {
        paused = false;
        pauseLock.notifyAll();
      }
    }

    @Override
    public boolean isReading() {
      synchronized (pauseLock) {
        return !paused;
      }
    }

    @Override
    public void close() {
      closing = true;
      resumeReading();
    }

    @Override
    public void abort() {
      close();
    }

    @Override
    public void write(byte[] data) {
      throw new UnsupportedOperationException("a read pipe cannot be written to");
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      write(data);
    }

    @Override
    public void write(ByteBuffer data) {
      write(new byte[0]);
    }

    @Override
    public boolean canWriteEof() {
      return false;
    }

    @Override
    public void writeEof() {
      throw new UnsupportedOperationException("a read pipe cannot be written to");
    }

    @Override
    public int writeBufferSize() {
      return 0;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {}

    @Override
    public int writeBufferHigh() {
      return 0;
    }

    @Override
    public int writeBufferLow() {
      return 0;
    }
  }

  /** The subprocess's stdin, written by a thread of its own from a queue of chunks. */
  static final class Writing extends PipeTransport {
    private static final byte[] END = new byte[0];
    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    /** Bytes queued and not yet written; counted on the loop's thread. */
    private int buffered;
    private int high = 64 * 1024;
    private int low = 16 * 1024;
    private boolean protocolPaused;
    private boolean lost;

    Writing(EventLoop loop, Protocol protocol, OutputStream out, String name) {
      super(loop, protocol);
      this.out = out;
      Thread writer = new Thread(this::writeAll, name);
      writer.setDaemon(true);
      protocol.connectionMade(this);
      writer.start();
    }

    private void writeAll() {
      try (out) {
        for (byte[] chunk; (chunk = chunks.take()) != END; ) {
          out.write(chunk);
          out.flush();
          int written = chunk.length;
          onLoop(() -> written(written));
        }
        onLoop(() -> lost(null));
      } catch (IOException failure) {
        // A subprocess that exits without reading its input: as asyncio, not an error to report.
        onLoop(() -> lost(failure instanceof IOException && isBrokenPipe(failure) ? null : failure));
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
      }
    }

    private static boolean isBrokenPipe(IOException failure) {
      String message = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return message.contains("broken pipe") || message.contains("stream closed");
    }

    private void written(int count) {
      buffered -= count;
      if (protocolPaused && buffered <= low) {
        protocolPaused = false;
        protocol.resumeWriting();
      }
    }

    private void lost(Exception failure) {
      if (lost) {
        return;
      }
      lost = true;
      closing = true;
      chunks.clear();
      buffered = 0;
      protocol.connectionLost(failure);
    }

    @Override
    public void write(byte[] data) {
      write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      if (closing || length == 0) {
        return;
      }
      chunks.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
      buffered += length;
      if (!protocolPaused && buffered > high) {
        protocolPaused = true;
        protocol.pauseWriting();
      }
    }

    @Override
    public void write(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      write(bytes);
    }

    @Override
    public boolean canWriteEof() {
      return true;
    }

    /** Closing stdin is the end of the subprocess's input. */
    @Override
    public void writeEof() {
      close();
    }

    @Override
    public void close() {
      if (closing) {
        return;
      }
      closing = true;
      chunks.add(END);
    }

    @Override
    public void abort() {
      chunks.clear();
      close();
    }

    @Override
    public void pauseReading() {}

    @Override
    public void resumeReading() {}

    @Override
    public boolean isReading() {
      return false;
    }

    @Override
    public int writeBufferSize() {
      return buffered;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      if (low < 0 || high < low) {
        throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
      }
      this.high = high;
      this.low = low;
    }

    @Override
    public int writeBufferHigh() {
      return high;
    }

    @Override
    public int writeBufferLow() {
      return low;
    }
  }
}
