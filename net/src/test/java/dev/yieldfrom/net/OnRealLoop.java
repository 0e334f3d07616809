package dev.yieldfrom.net;

import dev.yieldfrom.runtime.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test that runs on a fresh real-time loop, closed after each test (sockets need real time). */
abstract class OnRealLoop {
  EventLoop loop;

  @BeforeEach
  void createLoop() {
    loop = EventLoop.create();
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }
}
