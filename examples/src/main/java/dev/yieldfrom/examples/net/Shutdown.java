package dev.yieldfrom.examples.net;

import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.net.Server;
import dev.yieldfrom.runtime.CancelledError;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.Task;

/**
 * Runs a server's coroutine on the calling thread's loop until the process is told to stop
 * (SIGTERM, or SIGINT): the JVM's shutdown hook cancels the coroutine on the loop, and waits
 * while it closes its server and the loop finishes.
 */
final class Shutdown {
  /** How long the shutdown hook waits for the loop to wind down. */
  private static final long GRACE_MILLIS = 5_000;

  private Shutdown() {}

  /**
   * Serves until the task is cancelled (by the shutdown hook), then stops listening and drops
   * the connections: a terminated server does not wait for its clients to leave.
   */
  @Coroutine
  static Co<Void> serveUntilCancelled(Server server) {
    try {
      yieldFrom(EventLoop.getRunningLoop().<Void>createFuture());
    } finally {
      server.close();
      server.abortClients();
    }
    return done();
  }

  /** Runs {@code main} on a new loop until it finishes or the process is terminated. */
  static void runUntilTerminated(Gen<?, ?, ?> main) {
    EventLoop loop = EventLoop.create();
    Thread loopThread = Thread.currentThread();
    Task<?>[] task = new Task<?>[1];
    Thread hook =
        new Thread(
            () -> {
              try {
                loop.callSoonThreadsafe(() -> task[0].cancel());
              } catch (IllegalStateException closed) {
                return; // the loop already ended
              }
              try {
                loopThread.join(GRACE_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      task[0] = loop.createTask(main);
      loop.runUntilComplete(task[0]);
    } catch (CancelledError terminated) {
      // Told to stop: main has closed what it opened.
    } finally {
      loop.close();
    }
  }
}
