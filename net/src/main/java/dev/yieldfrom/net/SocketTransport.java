package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.IoHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The transport of a connected {@link SocketChannel} (TCP or Unix domain), driven by the loop's
 * selector: the key's handler reads into the loop's shared buffer and hands that to the protocol;
 * a write goes to the socket at once and only what the socket refuses is copied, into a buffer
 * that is flushed when the key turns writable.
 */
final class SocketTransport implements Transport, IoHandler {
  /** asyncio's defaults: pause the protocol above 64 KiB of unsent data, resume at 16 KiB. */
  private static final int DEFAULT_HIGH_WATER = 64 * 1024;
  /** A write buffer emptied after growing past this is dropped, so idle connections stay small. */
  private static final int KEEP_WRITE_BUFFER = 64 * 1024;
  private static final byte[] NO_BYTES = new byte[0];

  private final EventLoop loop;
  private final SocketChannel channel;
  private final SelectionKey key;
  private Protocol protocol;
  /** The server that accepted this connection, told when it ends; null for a client. */
  final Server server;
  /** Links in the server's list of open connections. */
  SocketTransport previousOfServer;
  SocketTransport nextOfServer;

  private int interest;
  private byte[] pending = NO_BYTES;
  private int pendingStart;
  private int pendingEnd;
  private ByteBuffer pendingView;

  private int highWater = DEFAULT_HIGH_WATER;
  private int lowWater = DEFAULT_HIGH_WATER / 4;
  private boolean protocolPaused;
  private boolean readingPaused;
  private boolean closing;
  private boolean eofRequested;
  /** connectionLost is scheduled or done: nothing more reaches the socket. */
  private boolean lost;
  private int writesAfterLost;

  /**
   * Takes over {@code key} (registered for {@code channel}, which is connected) and starts
   * reading. The caller then calls {@link #start()}.
   */
  SocketTransport(EventLoop loop, SocketChannel channel, SelectionKey key, Protocol protocol, Server server) {
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    this.protocol = protocol;
    this.server = server;
    key.attach(this);
    setInterest(SelectionKey.OP_READ);
  }

  /** Tells the protocol the connection is made; a failure there closes the connection. */
  void start() {
    try {
      protocol.connectionMade(this);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      fatalError(failure, "Fatal error: protocol.connectionMade() call failed.");
    }
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  // ---------------------------------------------------------------- the selector's callback

  @Override
  public void ready(SelectionKey selected) {
    int ops = selected.readyOps();
    if ((ops & SelectionKey.OP_WRITE) != 0 && (interest & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((ops & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0) {
      readOnce();
    }
  }

  private void readOnce() {
    ByteBuffer buffer = ReadBuffer.forThisThread();
    int count;
    try {
      count = channel.read(buffer);
    } catch (IOException failure) {
      forceClose(failure);
      return;
    }
    if (count > 0) {
      buffer.flip();
      try {
        protocol.dataReceived(buffer);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        fatalError(failure, "Fatal error: protocol.dataReceived() call failed.");
      } finally {
        buffer.clear();
      }
    } else if (count < 0) {
      endOfStream();
    }
  }

  private void endOfStream() {
    setInterest(interest & ~SelectionKey.OP_READ);
    boolean keepOpen;
    try {
      keepOpen = protocol.eofReceived();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      fatalError(failure, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    if (!keepOpen) {
      close();
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(byte[] data) {
    write(data, 0, data.length);
  }

  @Override
  public void write(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (!canWrite(length)) {
      return;
    }
    if (pendingStart == pendingEnd) {
      ByteBuffer direct = ByteBuffer.wrap(data, offset, length);
      if (!writeNow(direct)) {
        return;
      }
      offset = direct.position();
      length = direct.remaining();
    }
    append(data, offset, length);
  }

  @Override
  public void write(ByteBuffer data) {
    int length = data.remaining();
    if (!canWrite(length)) {
      data.position(data.limit());
      return;
    }
    if (pendingStart == pendingEnd && !writeNow(data)) {
      return;
    }
    int remaining = data.remaining();
    ensureRoom(remaining);
    data.get(pending, pendingEnd, remaining);
    pendingEnd += remaining;
    afterAppend();
  }

  /** Checks the state before a write; false if the bytes are to be dropped. */
  private boolean canWrite(int length) {
    if (eofRequested) {
      throw new IllegalStateException("Cannot call write() after writeEof()");
    }
    if (length == 0) {
      return false;
    }
    if (lost) {
      // As asyncio: writing to a lost connection is not an error, but it is reported in the end.
      if (++writesAfterLost == 5) {
        loop.logger().log(System.Logger.Level.WARNING, "socket.send() raised exception.");
      }
      return false;
    }
    return true;
  }

  /** Writes what the socket takes now; true if some of {@code data} is left to buffer. */
  private boolean writeNow(ByteBuffer data) {
    try {
      channel.write(data);
    } catch (IOException failure) {
      forceClose(failure);
      return false;
    }
    if (!data.hasRemaining()) {
      return false;
    }
    setInterest(interest | SelectionKey.OP_WRITE);
    return true;
  }

  private void append(byte[] data, int offset, int length) {
    ensureRoom(length);
    System.arraycopy(data, offset, pending, pendingEnd, length);
    pendingEnd += length;
    afterAppend();
  }

  private void ensureRoom(int length) {
    if (pending.length - pendingEnd >= length) {
      return;
    }
    int size = pendingEnd - pendingStart;
    byte[] target = pending;
    if (pending.length < size + length) {
      target = new byte[Math.max(size + length, Math.max(4096, pending.length * 2))];
      pendingView = null;
    }
    System.arraycopy(pending, pendingStart, target, 0, size);
    pending = target;
    pendingStart = 0;
    pendingEnd = size;
  }

  private void afterAppend() {
    if (!protocolPaused && pendingEnd - pendingStart > highWater) {
      protocolPaused = true;
      try {
        protocol.pauseWriting();
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        loop.callExceptionHandler(ExceptionContext.of("protocol.pauseWriting() failed", failure));
      }
    }
  }

  /** The socket is writable: send what is buffered. */
  private void flush() {
    if (pendingView == null) {
      pendingView = ByteBuffer.wrap(pending);
    }
    pendingView.limit(pendingEnd).position(pendingStart);
    try {
      channel.write(pendingView);
    } catch (IOException failure) {
      forceClose(failure);
      return;
    }
    pendingStart = pendingView.position();
    if (pendingStart < pendingEnd) {
      maybeResumeProtocol();
      return;
    }
    pendingStart = 0;
    pendingEnd = 0;
    if (pending.length > KEEP_WRITE_BUFFER) {
      pending = NO_BYTES;
      pendingView = null;
    }
    setInterest(interest & ~SelectionKey.OP_WRITE);
    maybeResumeProtocol();
    if (closing) {
      connectionLost(null);
    } else if (eofRequested) {
      shutdownOutput();
    }
  }

  private void maybeResumeProtocol() {
    if (protocolPaused && pendingEnd - pendingStart <= lowWater) {
      protocolPaused = false;
      try {
        protocol.resumeWriting();
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        loop.callExceptionHandler(ExceptionContext.of("protocol.resumeWriting() failed", failure));
      }
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void writeEof() {
    if (closing || eofRequested) {
      return;
    }
    eofRequested = true;
    if (pendingStart == pendingEnd) {
      shutdownOutput();
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException failure) {
      forceClose(failure);
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void close() {
    if (closing) {
      return;
    }
    if (loop.isClosed()) {
      forceClose(null); // no loop left to flush on
      return;
    }
    closing = true;
    setInterest(interest & ~SelectionKey.OP_READ);
    if (pendingStart == pendingEnd) {
      lost = true;
      loop.callSoon(() -> connectionLost(null));
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  /** Fails the connection: reported to the loop's handler unless it is an I/O error, then closed. */
  void fatalError(Throwable failure, String message) {
    if (!(failure instanceof IOException)) {
      loop.callExceptionHandler(ExceptionContext.of(message, failure));
    }
    forceClose(failure instanceof Exception e ? e : new IllegalStateException(failure));
  }

  /** Drops the write buffer and ends the connection with {@code failure} on the next iteration. */
  private void forceClose(Exception failure) {
    if (lost) {
      return;
    }
    pendingStart = 0;
    pendingEnd = 0;
    closing = true;
    lost = true;
    setInterest(0);
    if (loop.isClosed()) {
      // The loop was closed with this connection open (as asyncio, that leaves it open): with no
      // loop to call connectionLost on, the socket is released now, without callbacks.
      closeChannel();
      return;
    }
    loop.callSoon(() -> connectionLost(failure));
  }

  /** The end: the protocol is told, then the channel is closed, whatever the protocol does. */
  private void connectionLost(Exception failure) {
    lost = true;
    try {
      protocol.connectionLost(failure);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable callbackFailure) {
      loop.callExceptionHandler(
          ExceptionContext.of("Fatal error: protocol.connectionLost() call failed.", callbackFailure));
    } finally {
      closeChannel();
    }
  }

  private void closeChannel() {
    if (!channel.isOpen()) {
      return;
    }
    key.cancel();
    try {
      channel.close();
    } catch (IOException failure) {
      loop.callExceptionHandler(ExceptionContext.of("Error closing " + this, failure));
    }
    if (server != null) {
      server.detach(this);
    }
  }

  // ---------------------------------------------------------------- reading control

  @Override
  public void pauseReading() {
    if (closing || readingPaused) {
      return;
    }
    readingPaused = true;
    setInterest(interest & ~SelectionKey.OP_READ);
  }

  @Override
  public void resumeReading() {
    if (closing || !readingPaused) {
      return;
    }
    readingPaused = false;
    setInterest(interest | SelectionKey.OP_READ);
  }

  @Override
  public boolean isReading() {
    return !readingPaused && !closing;
  }

  private void setInterest(int ops) {
    if (ops != interest && key.isValid()) {
      interest = ops;
      key.interestOps(ops);
    }
  }

  // ---------------------------------------------------------------- flow control and info

  @Override
  public int writeBufferSize() {
    return pendingEnd - pendingStart;
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
    highWater = high;
    lowWater = low;
    if (pendingEnd - pendingStart > highWater) {
      afterAppend();
    } else {
      maybeResumeProtocol();
    }
  }

  @Override
  public int writeBufferHigh() {
    return highWater;
  }

  @Override
  public int writeBufferLow() {
    return lowWater;
  }

  @Override
  public SocketAddress peername() {
    try {
      return channel.getRemoteAddress();
    } catch (IOException closed) {
      return null;
    }
  }

  @Override
  public SocketAddress sockname() {
    try {
      return channel.getLocalAddress();
    } catch (IOException closed) {
      return null;
    }
  }

  @Override
  public Object extraInfo(String name) {
    return switch (name) {
      case "peername" -> peername();
      case "sockname" -> sockname();
      case "socket" -> channel;
      default -> null;
    };
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public void setProtocol(Protocol protocol) {
    if (protocol == null) {
      throw new NullPointerException("protocol");
    }
    this.protocol = protocol;
  }

  @Override
  public String toString() {
    return "SocketTransport<"
        + (lost ? "closed" : closing ? "closing" : "open")
        + " "
        + (channel.isOpen() ? sockname() + " -> " + peername() : "")
        + ">";
  }
}
