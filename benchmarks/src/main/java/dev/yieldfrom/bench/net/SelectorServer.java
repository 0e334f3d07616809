package dev.yieldfrom.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The floor of the network benchmark: a hand-written single-thread java.nio Selector loop, no
 * framework, one reused read buffer, writes straight from it (a pending-write buffer only when the
 * socket is full). Usage: {@code SelectorServer echo|http PORT}.
 */
public final class SelectorServer {
  /** Per-connection state: request-end counter (HTTP) and bytes not yet written. */
  private static final class Connection {
    final Http.RequestEnds ends = new Http.RequestEnds();
    ByteBuffer pending;
  }

  public static void main(String[] args) throws IOException {
    boolean http = args[0].equals("http");
    int port = Integer.parseInt(args[args.length - 1]);
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    byte[] scan = new byte[64 * 1024];
    ByteBuffer responses = ByteBuffer.allocateDirect(Http.RESPONSE.length * 64);
    while (true) {
      selector.select();
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        try {
          if (key.isAcceptable()) {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
              channel.configureBlocking(false);
              channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
              channel.register(selector, SelectionKey.OP_READ, new Connection());
            }
            continue;
          }
          SocketChannel channel = (SocketChannel) key.channel();
          Connection connection = (Connection) key.attachment();
          if (key.isWritable() && !flush(channel, connection, key)) {
            continue;
          }
          if (key.isReadable()) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
              channel.close();
              continue;
            }
            in.flip();
            ByteBuffer out = in;
            if (http) {
              in.get(scan, 0, n);
              int requests = connection.ends.feed(scan, 0, n);
              if (requests * Http.RESPONSE.length > responses.capacity()) {
                responses = ByteBuffer.allocateDirect(requests * Http.RESPONSE.length);
              }
              responses.clear();
              for (int i = 0; i < requests; i++) {
                responses.put(Http.RESPONSE);
              }
              out = responses.flip();
            }
            channel.write(out);
            if (out.hasRemaining()) {
              connection.pending = ByteBuffer.allocate(out.remaining()).put(out).flip();
              key.interestOps(SelectionKey.OP_WRITE);
            }
          }
        } catch (IOException e) {
          key.channel().close();
        }
      }
    }
  }

  /** Writes what is pending; true once nothing is (reading resumes). */
  private static boolean flush(SocketChannel channel, Connection connection, SelectionKey key) throws IOException {
    channel.write(connection.pending);
    if (connection.pending.hasRemaining()) {
      return false;
    }
    connection.pending = null;
    key.interestOps(SelectionKey.OP_READ);
    return true;
  }
}
