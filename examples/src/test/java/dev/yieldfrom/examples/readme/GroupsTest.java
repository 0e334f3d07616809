package dev.yieldfrom.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.runtime.EventLoop;
import org.junit.jupiter.api.Test;

/** README's task group example: a lambda body whose template calls reach the factories. */
class GroupsTest {
  @Test
  void theGroupWaitsForItsTasksAndThePairIsTyped() {
    try (EventLoop loop = EventLoop.createVirtual()) {
      assertEquals("10 items; maps: 4, owner of maps", loop.runUntilComplete(GroupsCoroutines.inventory()));
      assertEquals(0.5, loop.time(), 1e-9); // 0.3 s for the group, then 0.2 s for the pair
    }
  }
}
