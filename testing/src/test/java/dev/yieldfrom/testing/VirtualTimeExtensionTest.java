package dev.yieldfrom.testing;

import static dev.yieldfrom.runtime.Async.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The extension on the tests of this module itself: each test gets its own virtual loop. */
@VirtualTime
class VirtualTimeExtensionTest {
  private EventLoop fromBeforeEach;

  @BeforeEach
  void keep(EventLoop loop) {
    fromBeforeEach = loop;
  }

  @Test
  void anHourOfSleepTakesNoRealTime(EventLoop loop) {
    assertTrue(loop.isVirtualTime());
    assertEquals("woke", loop.runUntilComplete(DelaysCoroutines.after(3600, "woke")));
    assertEquals(3600.0, loop.time());
  }

  @Test
  void theTestMovesTheClockStepByStep(EventLoop loop) {
    Task<String> slow = loop.createTask(DelaysCoroutines.after(90, "slow"));
    Task<String> fast = loop.createTask(DelaysCoroutines.after(30, "fast"));
    loop.advance(60);
    assertEquals(60.0, loop.time());
    assertEquals("fast", fast.result());
    assertFalse(slow.isDone());
    loop.advanceUntilIdle();
    assertEquals(90.0, loop.time());
    assertEquals("slow", slow.result());
  }

  @Test
  void timeoutsFireOnVirtualTime(EventLoop loop) {
    assertThrows(
        TimeoutException.class, () -> loop.runUntilComplete(waitFor(DelaysCoroutines.after(10, "late"), 1)));
    assertEquals(1.0, loop.time());
  }

  @Test
  void beforeEachAndTheTestShareOneLoop(EventLoop loop) {
    assertSame(fromBeforeEach, loop);
    assertEquals(0.0, loop.time(), "a fresh loop for each test");
  }

  @Test
  void aTestMayCloseTheLoopItself(EventLoop loop) {
    loop.runUntilComplete(DelaysCoroutines.after(1, "done"));
    loop.close();
  }
}
