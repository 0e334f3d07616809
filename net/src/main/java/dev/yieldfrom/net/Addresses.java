package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Host name lookup off the loop's thread, and error messages that name the address. */
final class Addresses {
  private Addresses() {}

  /**
   * The addresses of {@code host} at once if it is an IP literal (no lookup), else null: then
   * {@link #lookup} is the way, on an executor thread.
   */
  static InetAddress[] literal(String host) {
    if (!isLiteral(host)) {
      return null;
    }
    try {
      return new InetAddress[] {InetAddress.getByName(host)};
    } catch (UnknownHostException malformed) {
      return null;
    }
  }

  /** Looks {@code host} up on the loop's default executor: the lookup may block. */
  static Future<InetAddress[]> lookup(EventLoop loop, String host) {
    return loop.runInExecutor(() -> InetAddress.getAllByName(host));
  }

  private static boolean isLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6: InetAddress parses it without a lookup
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /** host:port, with IPv6 hosts in brackets. */
  static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      InetAddress ip = inet.getAddress();
      String host = ip != null ? ip.getHostAddress() : inet.getHostString();
      return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /** The failure to connect to {@code address}, of the same kind, naming it. */
  static IOException connectFailed(SocketAddress address, IOException failure) {
    String message = "Connect call failed " + describe(address) + ": " + failure.getMessage();
    IOException named;
    if (failure instanceof ConnectException) {
      named = new ConnectException(message);
    } else if (failure instanceof NoRouteToHostException) {
      named = new NoRouteToHostException(message);
    } else {
      named = new IOException(message);
    }
    named.initCause(failure);
    return named;
  }

  /** One failure as it is; several as one exception listing them (as asyncio). */
  static IOException combine(List<IOException> failures) {
    if (failures.size() == 1) {
      return failures.get(0);
    }
    StringBuilder message = new StringBuilder("Multiple exceptions: ");
    boolean allRefused = true;
    for (int i = 0; i < failures.size(); i++) {
      message.append(i == 0 ? "" : ", ").append(failures.get(i).getMessage());
      allRefused &= failures.get(i) instanceof ConnectException;
    }
    IOException combined =
        allRefused ? new ConnectException(message.toString()) : new IOException(message.toString());
    for (IOException failure : failures) {
      combined.addSuppressed(failure);
    }
    return combined;
  }

  static BindException bindFailed(SocketAddress address, IOException failure) {
    BindException named =
        new BindException(
            "error while attempting to bind on address " + describe(address) + ": " + failure.getMessage());
    named.initCause(failure);
    return named;
  }
}
