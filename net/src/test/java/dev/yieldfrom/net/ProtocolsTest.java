package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.createConnection;
import static dev.yieldfrom.net.Net.createServer;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transports and protocols over real localhost sockets: the callbacks and their order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolsTest extends OnRealLoop {
  /** Echoes what it gets; on EOF answers "bye" and closes. */
  static final class EchoProtocol implements Protocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }

    @Override
    public boolean eofReceived() {
      transport.write("bye".getBytes(US_ASCII));
      transport.close();
      return true;
    }
  }

  /** Records every callback; completes {@code lost} at the end. */
  static final class RecordingProtocol implements Protocol {
    final List<String> calls = new ArrayList<>();
    final Future<Void> lost;
    final StringBuilder received = new StringBuilder();
    Transport transport;

    RecordingProtocol(EventLoop loop) {
      lost = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      calls.add("connectionMade " + (transport.peername() != null));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(US_ASCII.decode(data));
      if (!calls.get(calls.size() - 1).equals("dataReceived")) {
        calls.add("dataReceived");
      }
    }

    @Override
    public boolean eofReceived() {
      calls.add("eofReceived " + received);
      return false;
    }

    @Override
    public void connectionLost(Exception failure) {
      calls.add("connectionLost " + failure);
      lost.setResult(null);
    }

    @Override
    public void pauseWriting() {
      calls.add("pauseWriting");
    }

    @Override
    public void resumeWriting() {
      calls.add("resumeWriting");
    }
  }

  @Coroutine
  static Co<List<String>> echoCallbacks() {
    EventLoop loop = EventLoop.getRunningLoop();
    Server server = yieldFrom(createServer(EchoProtocol::new, "127.0.0.1", 0));
    int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
    Connection<RecordingProtocol> connection =
        yieldFrom(createConnection(() -> new RecordingProtocol(loop), "127.0.0.1", port));
    Transport transport = connection.transport();
    transport.write("hello ".getBytes(US_ASCII));
    transport.write(ByteBuffer.wrap("world ".getBytes(US_ASCII)));
    transport.writelines(List.of("in ".getBytes(US_ASCII), "parts ".getBytes(US_ASCII)));
    transport.writeEof();
    yieldFrom(connection.protocol().lost);
    List<String> calls = connection.protocol().calls;
    calls.add("closing " + transport.isClosing());
    server.close();
    yieldFrom(server.waitClosed());
    return done(calls);
  }

  @Test
  void callbacksComeInAsyncioOrder() {
    assertEquals(
        List.of(
            "connectionMade true",
            "dataReceived",
            "eofReceived hello world in parts bye",
            "connectionLost null",
            "closing true"),
        loop.runUntilComplete(ProtocolsTestCoroutines.echoCallbacks()));
  }

  /** Does not read until told to: its transport's reading is paused from the start. */
  static final class StalledProtocol implements Protocol {
    static Transport last;
    int received;

    @Override
    public void connectionMade(Transport transport) {
      last = transport;
      transport.pauseReading();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }
  }

  @Coroutine
  static Co<List<String>> flowControl() {
    EventLoop loop = EventLoop.getRunningLoop();
    Server server = yieldFrom(createServer(StalledProtocol::new, "127.0.0.1", 0));
    int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
    Connection<RecordingProtocol> connection =
        yieldFrom(createConnection(() -> new RecordingProtocol(loop), "127.0.0.1", port));
    Transport transport = connection.transport();
    transport.setWriteBufferLimits(256 * 1024, 64 * 1024);
    byte[] chunk = new byte[64 * 1024];
    int written = 0;
    while (!connection.protocol().calls.contains("pauseWriting") && written < (256 << 20)) {
      transport.write(chunk);
      written += chunk.length;
      yieldFrom(dev.yieldfrom.runtime.Async.sleep(0));
    }
    List<String> calls = connection.protocol().calls;
    calls.add("buffer over high " + (transport.writeBufferSize() > 256 * 1024));
    StalledProtocol.last.resumeReading();
    while (!calls.contains("resumeWriting")) {
      yieldFrom(dev.yieldfrom.runtime.Async.sleep(0.01));
    }
    calls.add("buffer at most low " + (transport.writeBufferSize() <= 64 * 1024));
    transport.close();
    yieldFrom(connection.protocol().lost);
    server.abortClients();
    server.close();
    yieldFrom(server.waitClosed());
    return done(calls);
  }

  @Test
  void aStalledReaderPausesTheWriterUntilItReadsAgain() {
    assertEquals(
        List.of(
            "connectionMade true",
            "pauseWriting",
            "buffer over high true",
            "resumeWriting",
            "buffer at most low true",
            "connectionLost null"),
        loop.runUntilComplete(ProtocolsTestCoroutines.flowControl()));
  }
}
