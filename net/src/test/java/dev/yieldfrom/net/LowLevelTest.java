package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.createDatagramEndpoint;
import static dev.yieldfrom.net.SocketOperations.sockAccept;
import static dev.yieldfrom.net.SocketOperations.sockConnect;
import static dev.yieldfrom.net.SocketOperations.sockRecv;
import static dev.yieldfrom.net.SocketOperations.sockSendall;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.TimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sock* helpers on channels the test owns, and UDP endpoints, over localhost. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LowLevelTest extends OnRealLoop {
  @Coroutine
  static Co<String> sockRoundTrip(ServerSocketChannel listener, SocketChannel client) {
    int port = ((InetSocketAddress) local(listener)).getPort();
    Task<SocketChannel> accepting = EventLoop.getRunningLoop().createTask(sockAccept(listener));
    yieldFrom(sockConnect(client, new InetSocketAddress("127.0.0.1", port)));
    SocketChannel served = yieldFrom(accepting);
    // A receive that times out consumes nothing: the channel serves the next one.
    String timedOut;
    try {
      yieldFrom(waitFor(sockRecv(served, 10), 0.05));
      timedOut = "no timeout";
    } catch (TimeoutException expected) {
      timedOut = "timed out";
    }
    byte[] big = new byte[3 << 20];
    big[big.length - 1] = 42;
    Task<Void> sending = EventLoop.getRunningLoop().createTask(sockSendall(client, big));
    int total = 0;
    byte last = 0;
    while (total < big.length) {
      byte[] chunk = yieldFrom(sockRecv(served, 65536));
      total += chunk.length;
      last = chunk[chunk.length - 1];
    }
    yieldFrom(sending);
    close(client);
    byte[] atEnd = yieldFrom(sockRecv(served, 10));
    close(served);
    return done(timedOut + ", received " + total + " ending in " + last + ", then " + atEnd.length);
  }

  static SocketAddress local(ServerSocketChannel channel) {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sockHelpersAcceptConnectSendAndReceive() throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open();
        SocketChannel client = SocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.configureBlocking(false);
      client.configureBlocking(false);
      assertEquals(
          "timed out, received 3145728 ending in 42, then 0",
          loop.runUntilComplete(LowLevelTestCoroutines.sockRoundTrip(listener, client)));
    }
  }

  @Coroutine
  static Co<String> sockRefused(SocketChannel client, int port) {
    try {
      yieldFrom(sockConnect(client, new InetSocketAddress("127.0.0.1", port)));
      return done("connected");
    } catch (Exception failure) {
      return done(failure.getClass().getSimpleName() + ": " + failure.getMessage().replace(":" + port + ":", ":PORT:"));
    }
  }

  @Test
  void sockConnectNamesTheAddressItCouldNotReach() throws IOException {
    int port;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    try (SocketChannel client = SocketChannel.open()) {
      client.configureBlocking(false);
      assertEquals(
          "ConnectException: Connect call failed 127.0.0.1:PORT: Connection refused",
          loop.runUntilComplete(LowLevelTestCoroutines.sockRefused(client, port)));
    }
  }

  // ---------------------------------------------------------------- UDP

  /** Echoes every datagram to its sender, upper-cased. */
  static final class UpperEcho implements DatagramProtocol {
    private DatagramTransport transport;

    @Override
    public void connectionMade(DatagramTransport transport) {
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      transport.sendto(US_ASCII.decode(data).toString().toUpperCase().getBytes(US_ASCII), from);
    }
  }

  /** Records datagrams and errors; {@code next} completes at each event. */
  static final class Recorder implements DatagramProtocol {
    final List<String> events = new ArrayList<>();
    Future<Void> next = EventLoop.getRunningLoop().createFuture();

    private void event(String what) {
      events.add(what);
      if (!next.isDone()) {
        next.setResult(null);
      }
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      event("got " + US_ASCII.decode(data));
    }

    @Override
    public void errorReceived(Exception failure) {
      event("error " + failure.getClass().getSimpleName());
    }

    @Override
    public void connectionLost(Exception failure) {
      event("lost " + failure);
    }
  }

  @Coroutine
  static Co<List<String>> udp() {
    DatagramConnection<UpperEcho> server =
        yieldFrom(createDatagramEndpoint(UpperEcho::new, new InetSocketAddress("127.0.0.1", 0), null));
    InetSocketAddress serverAddress = (InetSocketAddress) server.transport().sockname();
    DatagramConnection<Recorder> connected =
        yieldFrom(createDatagramEndpoint(Recorder::new, null, serverAddress));
    Recorder recorder = connected.protocol();
    connected.transport().sendto("ping".getBytes(US_ASCII), null);
    yieldFrom(waitFor(recorder.next, 5));
    // Unconnected: each datagram names where it goes.
    DatagramConnection<Recorder> loose =
        yieldFrom(createDatagramEndpoint(Recorder::new, new InetSocketAddress("127.0.0.1", 0), null));
    loose.transport().sendto("pong".getBytes(US_ASCII), serverAddress);
    yieldFrom(waitFor(loose.protocol().next, 5));
    recorder.events.addAll(loose.protocol().events);
    server.transport().close();
    yieldFrom(sleep(0.05));
    // Nothing listens there now: the kernel's ICMP answer reaches the connected endpoint.
    recorder.next = EventLoop.getRunningLoop().createFuture();
    connected.transport().sendto("anyone?".getBytes(US_ASCII), null);
    yieldFrom(waitFor(recorder.next, 5));
    recorder.next = EventLoop.getRunningLoop().createFuture();
    connected.transport().close();
    loose.transport().abort();
    yieldFrom(waitFor(recorder.next, 5));
    return done(recorder.events);
  }

  @Test
  void udpEndpointsSendAndReceiveDatagrams() {
    assertEquals(
        List.of("got PING", "got PONG", "error PortUnreachableException", "lost null"),
        loop.runUntilComplete(LowLevelTestCoroutines.udp()));
  }
}
