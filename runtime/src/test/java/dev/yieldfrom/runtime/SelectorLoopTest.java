package dev.yieldfrom.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's wait on a Selector, with real sockets on localhost. */
class SelectorLoopTest {
  private final EventLoop loop = EventLoop.create();
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
  private final List<AutoCloseable> channels = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    if (!loop.isRunning()) {
      loop.close();
    }
    for (AutoCloseable channel : channels) {
      channel.close();
    }
  }

  private ServerSocketChannel listen() throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    channels.add(server);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server.configureBlocking(false);
    return server;
  }

  private SocketChannel connect(ServerSocketChannel server) throws IOException {
    SocketChannel client = SocketChannel.open(server.getLocalAddress());
    channels.add(client);
    return client;
  }

  /** Blocks until {@code channel} is readable, without the loop: a second selector of its own. */
  private static void awaitReadable(SocketChannel channel) throws IOException {
    try (Selector probe = Selector.open()) {
      channel.register(probe, SelectionKey.OP_READ);
      assertEquals(1, probe.select(10_000), "the peer's bytes did not arrive");
    }
  }

  private static String read(SocketChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    try {
      int n = channel.read(buffer);
      return n < 0 ? "<eof>" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void acceptAndReadHandlersRunOnTheLoopThreadWhenTheirChannelsAreReady() throws Exception {
    ServerSocketChannel server = listen();
    Thread[] loopThread = new Thread[1];
    loop.register(
        server,
        SelectionKey.OP_ACCEPT,
        key -> {
          assertSame(loopThread[0], Thread.currentThread());
          try {
            SocketChannel accepted = server.accept();
            channels.add(accepted);
            accepted.configureBlocking(false);
            trace.add("accepted");
            loop.register(
                accepted,
                SelectionKey.OP_READ,
                readKey -> {
                  assertSame(loopThread[0], Thread.currentThread());
                  String got = read(accepted);
                  trace.add("read " + got);
                  if (got.equals("<eof>")) {
                    readKey.cancel();
                    loop.stop();
                  }
                });
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
    Thread client =
        new Thread(
            () -> {
              try (SocketChannel socket = SocketChannel.open(server.getLocalAddress())) {
                socket.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
              } catch (IOException e) {
                trace.add("client failed: " + e);
              }
            });
    loop.callSoon(
        () -> {
          loopThread[0] = Thread.currentThread();
          client.start();
        });
    assertTimeoutPreemptively(Duration.ofSeconds(20), loop::runForever);
    client.join();
    // The bytes and the end of stream may come in one read or two.
    String joined = String.join("|", trace);
    assertTrue(
        joined.equals("accepted|read hello|read <eof>"), "unexpected trace: " + joined);
  }

  @Test
  void handlersRunInTheIterationThatFoundThemReadyAndWhatTheyScheduleRunsInTheNext()
      throws Exception {
    ServerSocketChannel server = listen();
    SocketChannel client = connect(server);
    SocketChannel accepted;
    do {
      accepted = server.accept();
    } while (accepted == null);
    channels.add(accepted);
    accepted.configureBlocking(false);
    client.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
    awaitReadable(accepted);
    SocketChannel reading = accepted;
    loop.register(
        accepted,
        SelectionKey.OP_READ,
        key -> {
          trace.add("handler read " + read(reading));
          key.cancel();
          loop.callSoon(() -> trace.add("scheduled by the handler"));
        });
    loop.callSoon(() -> trace.add("ready before"));
    loop.callLater(0, () -> trace.add("timer due now"));
    loop.stop(); // exactly one iteration
    loop.runForever();
    // As asyncio: ready callbacks, then the I/O callbacks, then the due timers, in one batch.
    assertEquals(List.of("ready before", "handler read x", "timer due now"), trace);
    loop.stop();
    loop.runForever();
    assertEquals("scheduled by the handler", trace.get(3));
  }

  @Test
  void anotherThreadWakesTheLoopBlockedInSelectEveryTime() throws Exception {
    ServerSocketChannel server = listen();
    loop.register(server, SelectionKey.OP_ACCEPT, key -> trace.add("nobody connects"));
    int handOffs = 2_000;
    Semaphore ran = new Semaphore(0);
    int[] count = new int[1];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // Each hand-off waits for the previous callback, so most arrive while the loop is selecting
    // or about to: a lost wake-up would leave the loop asleep (no timer limits its wait).
    Thread feeder =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < handOffs; i++) {
                  loop.callSoonThreadsafe(
                      () -> {
                        count[0]++;
                        ran.release();
                      });
                  ran.acquire();
                }
                loop.callSoonThreadsafe(loop::stop);
              } catch (Throwable t) {
                failure.set(t);
                loop.callSoonThreadsafe(loop::stop);
              }
            });
    loop.callSoon(feeder::start);
    assertTimeoutPreemptively(Duration.ofSeconds(60), loop::runForever);
    feeder.join();
    assertEquals(null, failure.get());
    assertEquals(handOffs, count[0]);
    assertEquals(List.of(), trace);
  }

  @Test
  void aThreadWakesTheLoopWhileItSelectsWithoutLimit() throws Exception {
    ServerSocketChannel server = listen();
    loop.register(server, SelectionKey.OP_ACCEPT, key -> trace.add("nobody connects"));
    Thread waker =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
              loop.callSoonThreadsafe(
                  () -> {
                    trace.add("woken on " + Thread.currentThread().getName());
                    loop.stop();
                  });
            },
            "waker");
    String[] loopThread = new String[1];
    loop.callSoon(
        () -> {
          loopThread[0] = Thread.currentThread().getName();
          waker.start();
        });
    assertTimeoutPreemptively(Duration.ofSeconds(20), loop::runForever);
    assertEquals(List.of("woken on " + loopThread[0]), trace);
  }

  @Test
  void timersFireOnTimeWhileASelectorIsOpen() throws Exception {
    ServerSocketChannel server = listen();
    loop.register(server, SelectionKey.OP_ACCEPT, key -> trace.add("nobody connects"));
    double start = loop.time();
    double[] firedAt = new double[2];
    loop.callLater(0.05, () -> firedAt[0] = loop.time());
    loop.callLater(0.15, () -> firedAt[1] = loop.time());
    loop.callLater(0.2, loop::stop);
    loop.runForever();
    assertTrue(firedAt[0] >= start + 0.05, "fired early: " + (firedAt[0] - start));
    assertTrue(firedAt[1] >= start + 0.15, "fired early: " + (firedAt[1] - start));
    // Generous on a shared machine; a timer missed by the select's wait would show seconds.
    assertTrue(firedAt[0] < start + 1.0, "fired late: " + (firedAt[0] - start));
    assertTrue(loop.time() < start + 2.0, "stopped late: " + (loop.time() - start));
    assertEquals(List.of(), trace);
  }

  @Test
  void anExceptionFromAHandlerGoesToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
    ServerSocketChannel server = listen();
    SocketChannel client = connect(server);
    client.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
    List<ExceptionContext> reported = new ArrayList<>();
    loop.setExceptionHandler((l, context) -> reported.add(context));
    IllegalStateException boom = new IllegalStateException("boom");
    SelectionKey key =
        loop.register(
            server,
            SelectionKey.OP_ACCEPT,
            k -> {
              k.cancel();
              loop.callSoon(
                  () -> {
                    trace.add("loop goes on");
                    loop.stop();
                  });
              throw boom;
            });
    assertTimeoutPreemptively(Duration.ofSeconds(20), loop::runForever);
    assertEquals(List.of("loop goes on"), trace);
    assertEquals(1, reported.size());
    assertSame(boom, reported.get(0).exception());
    assertTrue(
        reported.get(0).message().startsWith("Exception in I/O handler "),
        reported.get(0).message());
    assertTrue(reported.get(0).message().endsWith(" of " + server), reported.get(0).message());
    assertFalse(key.isValid());
  }

  @Test
  void closingTheLoopClosesItsSelectorAndLeavesTheChannelsOpen() throws Exception {
    ServerSocketChannel server = listen();
    SelectionKey key = loop.register(server, SelectionKey.OP_ACCEPT, k -> {});
    assertSame(key, server.keyFor(key.selector()));
    assertTrue(key.selector().isOpen());
    loop.close();
    assertFalse(key.selector().isOpen());
    assertFalse(key.isValid());
    assertTrue(server.isOpen());
    assertThrows(
        IllegalStateException.class, () -> loop.register(server, SelectionKey.OP_ACCEPT, k -> {}));
  }

  @Test
  void theKeyCarriesTheHandlerAndItsInterestCanChange() throws Exception {
    ServerSocketChannel server = listen();
    SocketChannel client = connect(server);
    client.configureBlocking(false);
    // A connected socket is writable at once: the handler runs until it drops OP_WRITE.
    IoHandler handler =
        k -> {
          trace.add("writable " + ((k.readyOps() & SelectionKey.OP_WRITE) != 0));
          k.interestOps(0);
          loop.callLater(0.05, loop::stop);
        };
    SelectionKey key = loop.register(client, SelectionKey.OP_WRITE, handler);
    assertSame(handler, key.attachment());
    assertTimeoutPreemptively(Duration.ofSeconds(20), loop::runForever);
    assertEquals(List.of("writable true"), trace);
    assertTrue(key.isValid());
  }

  @Test
  void aVirtualTimeLoopCannotWaitOnChannels() throws Exception {
    ServerSocketChannel server = listen();
    EventLoop virtual = EventLoop.createVirtual();
    try {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> virtual.register(server, SelectionKey.OP_ACCEPT, k -> {}));
      assertEquals(
          "a virtual-time event loop cannot wait on channels: its clock jumps over idle time,"
              + " which socket I/O does not follow; run code that uses sockets on a loop made by"
              + " EventLoop.create()",
          refused.getMessage());
      assertFalse(server.isRegistered());
    } finally {
      virtual.close();
    }
  }

  @Test
  void aClosedLoopRefusesRegistration() throws Exception {
    ServerSocketChannel server = listen();
    loop.close();
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> loop.register(server, SelectionKey.OP_ACCEPT, k -> {}));
    assertEquals("Event loop is closed", refused.getMessage());
  }

  @Test
  void callSoonCallLaterAndCallAtFromAnotherThreadWhileTheLoopRunsAreRefused() throws Exception {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    loop.callSoon(
        () -> {
          Thread other =
              new Thread(
                  () -> {
                    for (Runnable call :
                        List.<Runnable>of(
                            () -> loop.callSoon(() -> trace.add("soon")),
                            () -> loop.callLater(0, () -> trace.add("later")),
                            () -> loop.callAt(0, () -> trace.add("at")))) {
                      try {
                        call.run();
                        messages.add("accepted");
                      } catch (IllegalStateException refused) {
                        messages.add(refused.getMessage());
                      }
                    }
                  },
                  "intruder");
          other.start();
          try {
            other.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          loop.stop();
        });
    String loopThread = Thread.currentThread().getName();
    loop.runForever();
    assertEquals(List.of(), trace);
    assertEquals(3, messages.size());
    for (String method : List.of("callSoon", "callLater", "callAt")) {
      assertEquals(
          method
              + "() called from thread \"intruder\" while the event loop runs on thread \""
              + loopThread
              + "\": the loop would not wake up to run it. From other threads, use"
              + " callSoonThreadsafe(), e.g. loop.callSoonThreadsafe(() -> loop."
              + method
              + "(...))",
          messages.get(List.of("callSoon", "callLater", "callAt").indexOf(method)));
    }
  }

  @Test
  void anotherThreadMaySchedulePlainlyWhileTheLoopIsNotRunning() throws Exception {
    Thread other = new Thread(() -> loop.callSoon(() -> trace.add("handed in before the run")));
    other.start();
    other.join();
    loop.stop();
    loop.runForever();
    assertEquals(List.of("handed in before the run"), trace);
  }
}
