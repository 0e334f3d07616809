package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.Future;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.Task;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The protocol under a stream connection (asyncio's StreamReaderProtocol with its flow control
 * mixin): feeds the {@link StreamReader}, makes the {@link StreamWriter}, keeps the writer's
 * {@code drain} waiting while the transport has paused it, and for a server starts the client's
 * coroutine.
 */
final class StreamReaderProtocol implements Protocol {
  private final StreamReader reader;
  private final ClientConnected clientConnected;
  private Transport transport;
  private StreamWriter writer;
  private Task<?> clientTask;
  private boolean writingPaused;
  private boolean lost;
  private ArrayDeque<Future<Void>> drainWaiters;
  private final Completion closed = new Completion();

  StreamReaderProtocol(StreamReader reader, ClientConnected clientConnected) {
    this.reader = reader;
    this.clientConnected = clientConnected;
  }

  /** Whether this is a server's connection (it runs a client handler). */
  boolean isServerSide() {
    return clientConnected != null;
  }

  StreamWriter writer() {
    return writer;
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    reader.setTransport(transport);
    writer = new StreamWriter(transport, this, reader);
    if (clientConnected == null) {
      return;
    }
    Gen<?, ?, ?> client = clientConnected.connected(reader, writer);
    if (client == null) {
      return;
    }
    clientTask = transport.loop().createTask(client);
    clientTask.addDoneCallback(
        done -> {
          if (done.isCancelled()) {
            transport.close();
            return;
          }
          Throwable failure = done.exception();
          if (failure != null) {
            transport
                .loop()
                .callExceptionHandler(
                    new ExceptionContext("Unhandled exception in client_connected_cb", failure, done, null));
            transport.close();
          }
        });
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    reader.feedData(data);
  }

  @Override
  public boolean eofReceived() {
    reader.feedEof();
    // Keep the transport open: the writer may still answer a half-closed peer.
    return true;
  }

  @Override
  public void connectionLost(Exception failure) {
    if (failure == null) {
      reader.feedEof();
    } else {
      reader.setException(failure);
    }
    closed.complete(failure);
    lost = true;
    if (writingPaused) {
      writingPaused = false;
      wakeDrainers(failure);
    }
  }

  @Override
  public void pauseWriting() {
    writingPaused = true;
  }

  @Override
  public void resumeWriting() {
    writingPaused = false;
    wakeDrainers(null);
  }

  private void wakeDrainers(Exception failure) {
    if (drainWaiters == null) {
      return;
    }
    for (Future<Void> waiter : drainWaiters) {
      if (!waiter.isDone()) {
        if (failure == null) {
          waiter.setResult(null);
        } else {
          waiter.setException(failure);
        }
      }
    }
    drainWaiters.clear();
  }

  /**
   * A future to await before writing more, or null to go on at once.
   *
   * @throws SocketException if the connection is lost
   */
  Future<Void> drainWaiter() throws SocketException {
    if (lost) {
      throw new SocketException("Connection lost");
    }
    if (!writingPaused) {
      return null;
    }
    Future<Void> waiter = transport.loop().createFuture();
    if (drainWaiters == null) {
      drainWaiters = new ArrayDeque<>(1);
    }
    drainWaiters.add(waiter);
    return waiter;
  }

  void forgetDrainWaiter(Future<Void> waiter) {
    if (drainWaiters != null) {
      drainWaiters.remove(waiter);
    }
  }

  Co<Void> closedWaiter() {
    return closed.await();
  }

  Task<?> clientTask() {
    return clientTask;
  }
}
