package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The reading half of a stream connection (asyncio's StreamReader): a buffer the transport feeds
 * and coroutines read from. Each read method returns a coroutine to await with {@code yieldFrom};
 * the bytes are taken from the buffer only when it finishes, so a read that is cancelled (or
 * times out) leaves every byte in place for the next one.
 *
 * <p>The limit bounds what {@link #readuntil} and {@link #readline} look through for a separator;
 * the transport stops reading while more than twice the limit is buffered. One coroutine at a
 * time may wait for data. Use it on its loop's thread only.
 */
public final class StreamReader {
  /** asyncio's default limit: 64 KiB. */
  public static final int DEFAULT_LIMIT = 64 * 1024;
  /** An emptied buffer larger than this is dropped, so an idle connection holds little. */
  private static final int KEEP_BUFFER = 16 * 1024;
  private static final byte[] NO_BYTES = new byte[0];
  private static final byte[] NEWLINE = {'\n'};

  private final int limit;
  private byte[] buffer = NO_BYTES;
  private int start;
  private int end;
  private boolean eof;
  private Throwable exception;
  private Future<Void> waiter;
  private Transport transport;
  private boolean paused;

  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /**
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public StreamReader(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** The failure the connection ended with, or null. */
  public Throwable exception() {
    return exception;
  }

  /** Whether the stream ended and every byte of it has been read. */
  public boolean atEof() {
    return eof && start == end;
  }

  /** The number of bytes buffered. */
  public int buffered() {
    return end - start;
  }

  // ---------------------------------------------------------------- fed by the protocol

  /** The transport to pause while the buffer is over the limit; set once by the protocol. */
  public void setTransport(Transport transport) {
    if (this.transport != null) {
      throw new IllegalStateException("Transport already set");
    }
    this.transport = transport;
  }

  /** After startTls: pausing goes to the TLS transport now. */
  void replaceTransport(Transport transport) {
    this.transport = transport;
  }

  /** Appends the bytes of {@code data} from its position to its limit, consuming them. */
  public void feedData(ByteBuffer data) {
    int length = data.remaining();
    if (length == 0) {
      return;
    }
    ensureRoom(length);
    data.get(buffer, end, length);
    end += length;
    dataArrived();
  }

  public void feedData(byte[] data) {
    if (data.length == 0) {
      return;
    }
    ensureRoom(data.length);
    System.arraycopy(data, 0, buffer, end, data.length);
    end += data.length;
    dataArrived();
  }

  /** The stream ended: waiting readers finish with what is buffered. */
  public void feedEof() {
    eof = true;
    wakeUp();
  }

  /** The connection failed: the waiting reader, and every read from now on, raises {@code failure}. */
  public void setException(Throwable failure) {
    exception = failure;
    Future<Void> current = waiter;
    if (current != null) {
      waiter = null;
      if (!current.isDone()) {
        current.setException(failure);
      }
    }
  }

  private void dataArrived() {
    wakeUp();
    if (transport != null && !paused && end - start > 2 * limit) {
      paused = true;
      transport.pauseReading();
    }
  }

  private void wakeUp() {
    Future<Void> current = waiter;
    if (current != null) {
      waiter = null;
      if (!current.isDone()) {
        current.setResult(null);
      }
    }
  }

  private void ensureRoom(int length) {
    if (buffer.length - end >= length) {
      return;
    }
    int size = end - start;
    byte[] target = buffer;
    if (buffer.length < size + length) {
      target = new byte[Math.max(size + length, Math.max(1024, buffer.length * 2))];
    }
    System.arraycopy(buffer, start, target, 0, size);
    buffer = target;
    start = 0;
    end = size;
  }

  /** Removes and returns the first {@code n} buffered bytes. */
  private byte[] take(int n) {
    byte[] taken = Arrays.copyOfRange(buffer, start, start + n);
    discard(n);
    return taken;
  }

  /** Removes the first {@code n} buffered bytes. */
  private void discard(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
      if (buffer.length > KEEP_BUFFER) {
        buffer = NO_BYTES;
      }
    }
    if (paused && end - start <= limit) {
      paused = false;
      transport.resumeReading();
    }
  }

  private int indexOf(byte[] separator, int from) {
    int last = end - separator.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      for (int j = 0; j < separator.length; j++) {
        if (buffer[i + j] != separator[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads up to {@code n} bytes: what is buffered, or else the next bytes to arrive; an empty
   * array at the end of the stream. With {@code n < 0}, reads until the end of the stream.
   */
  public Co<byte[]> read(int n) {
    return n < 0 ? new ReadToEnd() : new Read("read") {
      @Override
      byte[] attempt() {
        if (n == 0) {
          return NO_BYTES;
        }
        if (end > start) {
          return take(Math.min(n, end - start));
        }
        return eof ? NO_BYTES : null;
      }
    };
  }

  /**
   * Reads exactly {@code n} bytes.
   *
   * @throws IncompleteReadException (when awaited) if the stream ends first; it carries what was
   *     buffered, which is consumed
   */
  public Co<byte[]> readexactly(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("readexactly size can not be less than zero");
    }
    return new Read("readexactly") {
      @Override
      byte[] attempt() {
        if (n == 0) {
          return NO_BYTES;
        }
        if (end - start >= n) {
          return take(n);
        }
        if (eof) {
          throw new IncompleteReadException(take(end - start), n);
        }
        return null;
      }
    };
  }

  /**
   * Reads up to and including {@code separator}.
   *
   * @throws IncompleteReadException (when awaited) if the stream ends first, with the buffered
   *     bytes, which are consumed
   * @throws LimitOverrunException (when awaited) if no separator is found within the limit; the
   *     bytes stay buffered
   */
  public Co<byte[]> readuntil(byte[] separator) {
    if (separator.length == 0) {
      throw new IllegalArgumentException("Separator should be at least one-byte string");
    }
    return new ReadUntil("readuntil", separator.clone());
  }

  /**
   * Reads one line, up to and including {@code \n}; at the end of the stream, what is left
   * (possibly nothing).
   *
   * @throws LimitOverrunException (when awaited) if the line is longer than the limit: as asyncio,
   *     the line is dropped (up to its separator if it was found, else the whole buffer)
   */
  public Co<byte[]> readline() {
    return new ReadLine();
  }

  private class ReadUntil extends Read {
    private final byte[] separator;
    /** Where to look from next time: the bytes before it hold no separator. */
    private int offset;

    ReadUntil(String name, byte[] separator) {
      super(name);
      this.separator = separator;
    }

    @Override
    byte[] attempt() {
      int found = -1;
      int size = end - start;
      if (size - offset >= separator.length) {
        found = indexOf(separator, offset);
        if (found < 0) {
          offset = size + 1 - separator.length;
          if (offset > limit) {
            throw new LimitOverrunException("Separator is not found, and chunk exceed the limit", offset);
          }
        }
      }
      if (found < 0) {
        if (eof) {
          throw new IncompleteReadException(take(size), -1);
        }
        return null;
      }
      if (found > limit) {
        throw new LimitOverrunException("Separator is found, but chunk is longer than limit", found);
      }
      return take(found + separator.length);
    }
  }

  private final class ReadLine extends ReadUntil {
    ReadLine() {
      super("readline", NEWLINE);
    }

    @Override
    byte[] attempt() {
      try {
        return super.attempt();
      } catch (IncompleteReadException ended) {
        return ended.partial();
      } catch (LimitOverrunException overrun) {
        int consumed = overrun.consumed();
        if (end - start > consumed && buffer[start + consumed] == '\n') {
          discard(consumed + 1);
        } else {
          discard(end - start);
        }
        throw overrun;
      }
    }
  }

  /**
   * A read: {@link #attempt()} either finishes it from the buffer or asks to wait for more data,
   * and is tried again each time data (or the end) arrives.
   */
  private abstract class Read extends Co<byte[]> {
    private final String name;

    Read(String name) {
      this.name = name;
    }

    /** The result, or null to wait for data; may throw to fail the read. */
    abstract byte[] attempt();

    @Override
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 1) {
        if (thrown != null) {
          // Cancelled or failed while waiting: nothing was consumed.
          waiter = null;
          throw thrown;
        }
      }
      state = 1;
      if (exception != null) {
        throw exception;
      }
      byte[] result = attempt();
      if (result != null) {
        state = 2;
        return returnValue(result);
      }
      return delegate(waitForData(name));
    }
  }

  private Future<Void> waitForData(String name) {
    if (waiter != null) {
      throw new IllegalStateException(
          name + "() called while another coroutine is already waiting for incoming data");
    }
    if (paused) {
      paused = false;
      transport.resumeReading();
    }
    EventLoop loop = transport != null ? transport.loop() : EventLoop.getRunningLoop();
    waiter = loop.createFuture();
    return waiter;
  }

  /** read(-1): gathers everything up to the end of the stream, emptying the buffer as it goes. */
  private final class ReadToEnd extends Read {
    private ByteArrayOutputStream gathered;

    ReadToEnd() {
      super("read");
    }

    @Override
    byte[] attempt() {
      int size = end - start;
      if (eof && gathered == null) {
        return take(size);
      }
      if (size > 0) {
        if (gathered == null) {
          gathered = new ByteArrayOutputStream(Math.max(size, 1024));
        }
        gathered.write(buffer, start, size);
        discard(size);
      }
      return eof ? gathered.toByteArray() : null;
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("StreamReader<");
    if (end > start) {
      out.append(end - start).append(" bytes");
    }
    if (eof) {
      out.append(" eof");
    }
    if (limit != DEFAULT_LIMIT) {
      out.append(" limit=").append(limit);
    }
    if (waiter != null) {
      out.append(" waiter=").append(waiter);
    }
    if (exception != null) {
      out.append(" exception=").append(exception);
    }
    if (paused) {
      out.append(" paused");
    }
    return out.append(">").toString();
  }
}
