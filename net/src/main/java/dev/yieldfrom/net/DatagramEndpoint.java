package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.IoHandler;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;

/**
 * The transport of a {@link DatagramChannel}: receives into the loop's shared buffer, sends at
 * once, and queues only the datagrams the socket refuses (asyncio's water marks apply to them).
 */
final class DatagramEndpoint implements DatagramTransport, IoHandler {
  private static final int HIGH_WATER = 64 * 1024;
  private static final int LOW_WATER = HIGH_WATER / 4;

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final SelectionKey key;
  private final DatagramProtocol protocol;
  private final SocketAddress peer;
  private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
  private final ArrayDeque<SocketAddress> queuedTo = new ArrayDeque<>();
  private int queuedBytes;
  private boolean paused;
  private boolean closing;
  private boolean lost;

  DatagramEndpoint(EventLoop loop, DatagramChannel channel, SelectionKey key, DatagramProtocol protocol, SocketAddress peer) {
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    this.protocol = protocol;
    this.peer = peer;
    key.attach(this);
    key.interestOps(SelectionKey.OP_READ);
  }

  void start() {
    try {
      protocol.connectionMade(this);
    } catch (RuntimeException failure) {
      loop.callExceptionHandler(ExceptionContext.of("Fatal error: protocol.connectionMade() call failed.", failure));
      abort();
    }
  }

  @Override
  public void ready(SelectionKey selected) {
    int ops = selected.readyOps();
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((ops & SelectionKey.OP_READ) != 0 && !closing) {
      receive();
    }
  }

  private void receive() {
    ByteBuffer buffer = ReadBuffer.forThisThread();
    SocketAddress from;
    try {
      from = channel.receive(buffer);
    } catch (PortUnreachableException refused) {
      protocol.errorReceived(refused);
      return;
    } catch (IOException failure) {
      protocol.errorReceived(failure);
      return;
    }
    if (from == null) {
      return;
    }
    buffer.flip();
    try {
      protocol.datagramReceived(buffer, from);
    } catch (RuntimeException failure) {
      loop.callExceptionHandler(ExceptionContext.of("Fatal error: protocol.datagramReceived() call failed.", failure));
      forceClose(failure);
    } finally {
      buffer.clear();
    }
  }

  @Override
  public void sendto(byte[] data, SocketAddress to) {
    if (peer != null && to != null && !to.equals(peer)) {
      throw new IllegalArgumentException("Invalid address: must be None or " + peer);
    }
    if (peer == null && to == null) {
      throw new IllegalArgumentException("an endpoint that is not connected needs an address to send to");
    }
    if (lost || closing) {
      return;
    }
    ByteBuffer datagram = ByteBuffer.wrap(data);
    if (queued.isEmpty()) {
      try {
        int sent = peer != null ? channel.write(datagram) : channel.send(datagram, to);
        if (sent > 0 || data.length == 0) {
          return;
        }
      } catch (PortUnreachableException refused) {
        protocol.errorReceived(refused);
        return;
      } catch (IOException failure) {
        protocol.errorReceived(failure);
        return;
      }
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
    queued.add(ByteBuffer.wrap(data.clone()));
    queuedTo.add(to != null ? to : peer);
    queuedBytes += data.length;
    if (!paused && queuedBytes > HIGH_WATER) {
      paused = true;
      protocol.pauseWriting();
    }
  }

  private void flush() {
    while (!queued.isEmpty()) {
      ByteBuffer datagram = queued.peek();
      try {
        int sent = peer != null ? channel.write(datagram) : channel.send(datagram, queuedTo.peek());
        if (sent == 0 && datagram.hasRemaining()) {
          return;
        }
      } catch (IOException failure) {
        protocol.errorReceived(failure);
      }
      queued.poll();
      queuedTo.poll();
      queuedBytes -= datagram.capacity();
      if (paused && queuedBytes <= LOW_WATER) {
        paused = false;
        protocol.resumeWriting();
      }
    }
    if (key.isValid()) {
      key.interestOps(closing ? 0 : SelectionKey.OP_READ);
    }
    if (closing && !lost) {
      lost = true;
      connectionLost(null);
    }
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (queued.isEmpty()) {
      lost = true;
      key.interestOps(0);
      loop.callSoon(() -> connectionLost(null));
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  private void forceClose(Exception failure) {
    if (lost) {
      return;
    }
    closing = true;
    lost = true;
    queued.clear();
    queuedTo.clear();
    queuedBytes = 0;
    if (key.isValid()) {
      key.interestOps(0);
    }
    loop.callSoon(() -> connectionLost(failure));
  }

  private void connectionLost(Exception failure) {
    try {
      protocol.connectionLost(failure);
    } finally {
      key.cancel();
      try {
        channel.close();
      } catch (IOException closeFailure) {
        loop.callExceptionHandler(ExceptionContext.of("Error closing " + this, closeFailure));
      }
    }
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public int writeBufferSize() {
    return queuedBytes;
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
  public SocketAddress peername() {
    return peer;
  }

  @Override
  public Object extraInfo(String name) {
    return switch (name) {
      case "peername" -> peer;
      case "sockname" -> sockname();
      case "socket" -> channel;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return "DatagramEndpoint<" + (lost ? "closed" : closing ? "closing" : "open") + " " + sockname() + ">";
  }
}
