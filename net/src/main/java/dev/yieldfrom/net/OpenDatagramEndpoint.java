package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.function.Supplier;

/** The coroutine of {@link Net#createDatagramEndpoint}: resolve, bind, connect, register. */
final class OpenDatagramEndpoint<P extends DatagramProtocol> extends Co<DatagramConnection<P>> {
  private final Supplier<? extends P> protocolFactory;
  private InetSocketAddress local;
  private InetSocketAddress remote;

  OpenDatagramEndpoint(Supplier<? extends P> protocolFactory, InetSocketAddress local, InetSocketAddress remote) {
    this.protocolFactory = protocolFactory;
    this.local = local;
    this.remote = remote;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    if (thrown != null) {
      state = 9;
      throw thrown;
    }
    switch (state) {
      case 0:
        state = 1;
        if (local != null && local.isUnresolved()) {
          return delegate(Net.getAllByName(local.getHostString()));
        }
        return resume(null, null);
      case 1:
        if (sent != null) {
          local = new InetSocketAddress(((InetAddress[]) sent)[0], local.getPort());
        }
        state = 2;
        if (remote != null && remote.isUnresolved()) {
          return delegate(Net.getAllByName(remote.getHostString()));
        }
        return resume(null, null);
      case 2:
        if (sent != null) {
          remote = new InetSocketAddress(((InetAddress[]) sent)[0], remote.getPort());
        }
        state = 9;
        return returnValue(open());
      default:
        throw new IllegalStateException("createDatagramEndpoint resumed after it finished");
    }
  }

  private DatagramConnection<P> open() throws IOException {
    EventLoop loop = EventLoop.getRunningLoop();
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.configureBlocking(false);
      if (local != null) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
          channel.bind(local);
        } catch (IOException failure) {
          throw Addresses.bindFailed(local, failure);
        }
      }
      if (remote != null) {
        try {
          channel.connect(remote);
        } catch (IOException failure) {
          throw Addresses.connectFailed(remote, failure);
        }
      }
      P protocol = protocolFactory.get();
      SelectionKey key = loop.register(channel, 0, selected -> {});
      DatagramEndpoint endpoint = new DatagramEndpoint(loop, channel, key, protocol, remote);
      endpoint.start();
      return new DatagramConnection<>(endpoint, protocol);
    } catch (IOException | RuntimeException failure) {
      try {
        channel.close();
      } catch (IOException closeFailure) {
        failure.addSuppressed(closeFailure);
      }
      throw failure;
    }
  }
}
