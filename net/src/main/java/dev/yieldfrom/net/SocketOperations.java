package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.IoHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * asyncio's {@code sock_*} functions: one operation on a non-blocking channel the caller owns,
 * tried at once and, if the channel is not ready, again each time the selector says it is. The
 * channel's key stays registered with no interest afterwards (as asyncio removes its reader), and
 * a cancelled operation leaves the channel open and untouched.
 */
public final class SocketOperations {
  private SocketOperations() {}

  /** Receives up to {@code n} bytes; an empty array at the end of the stream. */
  public static Co<byte[]> sockRecv(SocketChannel channel, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    ByteBuffer buffer = ByteBuffer.allocate(n);
    return new Operation<>(channel, SelectionKey.OP_READ) {
      @Override
      byte[] attempt() throws IOException {
        if (n == 0) {
          return new byte[0];
        }
        int count = channel.read(buffer);
        if (count == 0) {
          return null;
        }
        return count < 0 ? new byte[0] : Arrays.copyOf(buffer.array(), count);
      }
    };
  }

  /** Receives into {@code buffer} (from its position); the count, 0 at the end of the stream. */
  public static Co<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) {
    return new Operation<>(channel, SelectionKey.OP_READ) {
      @Override
      Integer attempt() throws IOException {
        if (!buffer.hasRemaining()) {
          return 0;
        }
        int count = channel.read(buffer);
        return count == 0 ? null : Math.max(count, 0);
      }
    };
  }

  /** Sends all of {@code data}, waiting as long as the socket needs. */
  public static Co<Void> sockSendall(SocketChannel channel, byte[] data) {
    ByteBuffer remaining = ByteBuffer.wrap(data);
    return new Operation<>(channel, SelectionKey.OP_WRITE) {
      @Override
      Object attempt() throws IOException {
        channel.write(remaining);
        return remaining.hasRemaining() ? null : DONE;
      }
    }.asVoid();
  }

  /** Connects {@code channel} to {@code address}; failures name the address. */
  public static Co<Void> sockConnect(SocketChannel channel, SocketAddress address) {
    return new Operation<>(channel, SelectionKey.OP_CONNECT) {
      private boolean started;

      @Override
      Object attempt() throws IOException {
        try {
          if (!started) {
            started = true;
            return channel.connect(address) ? DONE : null;
          }
          return channel.finishConnect() ? DONE : null;
        } catch (IOException failure) {
          throw Addresses.connectFailed(address, failure);
        }
      }
    }.asVoid();
  }

  /** Accepts a connection; the channel returned is non-blocking, as asyncio's. */
  public static Co<SocketChannel> sockAccept(ServerSocketChannel channel) {
    return new Operation<>(channel, SelectionKey.OP_ACCEPT) {
      @Override
      SocketChannel attempt() throws IOException {
        SocketChannel accepted = channel.accept();
        if (accepted != null) {
          accepted.configureBlocking(false);
        }
        return accepted;
      }
    };
  }

  private static final Object DONE = new Object();

  /** One operation: {@link #attempt()} finishes it, or returns null to wait for readiness. */
  private abstract static class Operation<T> extends Co<T> implements IoHandler {
    private final SelectableChannel channel;
    private final int ops;
    private SelectionKey key;
    private Future<Void> ready;

    Operation(SelectableChannel channel, int ops) {
      if (channel.isBlocking()) {
        throw new IllegalArgumentException("the socket must be non-blocking");
      }
      this.channel = channel;
      this.ops = ops;
    }

    abstract Object attempt() throws IOException;

    @Override
    @SuppressWarnings("unchecked")
    protected Object resume(Object sent, Throwable thrown) throws Throwable {
      if (state == 1) {
        ready = null;
        if (thrown != null) {
          state = 2;
          stopWatching();
          throw thrown;
        }
      }
      Object outcome;
      try {
        outcome = attempt();
      } catch (Throwable failure) {
        state = 2;
        stopWatching();
        throw failure;
      }
      if (outcome != null) {
        state = 2;
        stopWatching();
        return returnValue(outcome == DONE ? null : (T) outcome);
      }
      EventLoop loop = EventLoop.getRunningLoop();
      if (key == null || !key.isValid()) {
        key = loop.register(channel, ops, this);
      } else {
        key.attach(this);
        key.interestOps(ops);
      }
      ready = loop.createFuture();
      state = 1;
      return delegate(ready);
    }

    @Override
    public void ready(SelectionKey selected) {
      selected.interestOps(0);
      if (ready != null && !ready.isDone()) {
        ready.setResult(null);
      }
    }

    private void stopWatching() {
      if (key != null && key.isValid()) {
        key.interestOps(0);
      }
    }

    @SuppressWarnings("unchecked")
    Co<Void> asVoid() {
      return (Co<Void>) (Co<?>) this;
    }
  }
}
