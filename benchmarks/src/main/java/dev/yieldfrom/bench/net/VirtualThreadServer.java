package dev.yieldfrom.bench.net;

import dev.yieldfrom.bench.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadFactory;

/**
 * JDK virtual threads with blocking sockets, as their users write a server: one virtual thread per
 * connection, plain InputStream/OutputStream. Usage: {@code VirtualThreadServer echo|http PORT}.
 */
public final class VirtualThreadServer {
  public static void main(String[] args) throws IOException {
    boolean http = args[0].equals("http");
    int port = Integer.parseInt(args[args.length - 1]);
    ThreadFactory virtual = VirtualThreads.factory();
    if (virtual == null) {
      System.err.println(VirtualThreads.whyNot());
      System.exit(3);
    }
    try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"))) {
      while (true) {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        virtual.newThread(() -> serve(socket, http)).start();
      }
    }
  }

  private static void serve(Socket socket, boolean http) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      Http.RequestEnds ends = new Http.RequestEnds();
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (!http) {
          out.write(buffer, 0, n);
          continue;
        }
        for (int requests = ends.feed(buffer, 0, n); requests > 0; requests--) {
          out.write(Http.RESPONSE);
        }
      }
    } catch (IOException closed) {
      // the client went away: the connection ends
    }
  }
}
