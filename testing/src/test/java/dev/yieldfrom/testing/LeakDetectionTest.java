package dev.yieldfrom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension fails a test that leaves work behind, run for real through the JUnit engine. */
class LeakDetectionTest {
  @BeforeEach
  void clearTrace() {
    LeakFixtures.TRACE.clear();
  }

  private static Events run(String method) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(LeakFixtures.class, method, "dev.yieldfrom.runtime.EventLoop"))
        .execute()
        .testEvents();
  }

  private static Throwable failureOf(String method) {
    Events events = run(method);
    events.assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
    return events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }

  @Test
  void aTaskLeftPendingFailsTheTestAfterItsFinallyRan() {
    Throwable failure = failureOf("leavesATaskPending");
    assertInstanceOf(AssertionError.class, failure);
    String message = failure.getMessage();
    // The coroutine's class name is the processor's business; the task's name and its wait are ours.
    assertTrue(message.startsWith("1 pending task left at the end of the test\n  Task<leaked pending coro="), message);
    assertTrue(
        message.contains(
            ">\n    waiting for Future<pending>\n    at dev.yieldfrom.testing.Delays.waitFor(Delays.java:26)"),
        message);
    assertEquals(java.util.List.of("finally ran"), LeakFixtures.TRACE, "cancelled and run to its end");
  }

  @Test
  void anExceptionNeverRetrievedFailsTheTest() {
    Throwable failure = failureOf("leavesAnExceptionUnretrieved");
    assertTrue(
        failure.getMessage().startsWith("Future exception was never retrieved: "), failure.getMessage());
    assertEquals(1, failure.getSuppressed().length);
    assertEquals("nobody looked", assertInstanceOf(IOException.class, failure.getSuppressed()[0]).getMessage());
  }

  @Test
  void anExceptionInACallbackFailsTheTest() {
    Throwable failure = failureOf("hasACallbackThatThrows");
    assertTrue(failure.getMessage().startsWith("Exception in callback TimerHandle<"), failure.getMessage());
    assertTrue(failure.getMessage().contains("java.lang.IllegalStateException: callback broke"), failure.getMessage());
  }

  @Test
  void aTestThatCleansUpAfterItselfPasses() {
    run("cleansUpAfterItself").assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }
}
