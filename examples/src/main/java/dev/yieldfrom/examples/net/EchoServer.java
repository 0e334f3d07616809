package dev.yieldfrom.examples.net;

import static dev.yieldfrom.net.Net.createServer;
import static dev.yieldfrom.net.Net.startServer;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.net.Protocol;
import dev.yieldfrom.net.Server;
import dev.yieldfrom.net.StreamReader;
import dev.yieldfrom.net.StreamWriter;
import dev.yieldfrom.net.Transport;
import dev.yieldfrom.runtime.Co;
import java.nio.ByteBuffer;

/**
 * A TCP echo server on 127.0.0.1: sends back every byte it receives, on one loop thread, until
 * SIGTERM. {@code EchoServer [--protocol] PORT}: with asyncio streams (a coroutine per
 * connection) by default, with a {@link Protocol} (callbacks, no coroutine) with
 * {@code --protocol}.
 */
public final class EchoServer {
  private EchoServer() {}

  @Coroutine
  static Co<Void> echo(StreamReader reader, StreamWriter writer) {
    try {
      while (true) {
        byte[] data = yieldFrom(reader.read(65536));
        if (data.length == 0) {
          break;
        }
        writer.write(data);
        yieldFrom(writer.drain());
      }
    } catch (Exception connectionFailed) {
      // A reset peer: nothing to answer.
    }
    writer.close();
    return done();
  }

  /** The same server on the low-level layer: each read is written straight back. */
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
  }

  @Coroutine
  static Co<Void> serve(int port, boolean protocol) {
    Server server =
        protocol
            ? yieldFrom(createServer(EchoProtocol::new, "127.0.0.1", port))
            : yieldFrom(startServer(EchoServerCoroutines::echo, "127.0.0.1", port));
    System.out.println("echo server listening on " + server.addresses().get(0));
    yieldFrom(ShutdownCoroutines.serveUntilCancelled(server));
    return done();
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: EchoServer [--protocol] PORT");
      System.exit(2);
    }
    boolean protocol = args.length > 1 && args[0].equals("--protocol");
    Shutdown.runUntilTerminated(EchoServerCoroutines.serve(Integer.parseInt(args[args.length - 1]), protocol));
  }
}
