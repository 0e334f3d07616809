package dev.yieldfrom.testing;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests that pass in their bodies but leave something behind, run by {@link LeakDetectionTest}
 * through the JUnit engine; not run on their own (the name matches no test pattern).
 */
@VirtualTime
class LeakFixtures {
  static final List<String> TRACE = Collections.synchronizedList(new ArrayList<>());

  @Test
  void leavesATaskPending(EventLoop loop) {
    Future<String> never = loop.createFuture();
    loop.createTask(DelaysCoroutines.waitFor(never, TRACE), "leaked");
    loop.advance(5);
  }

  @Test
  void leavesAnExceptionUnretrieved(EventLoop loop) {
    Future<String> failed = loop.createFuture();
    failed.setException(new IOException("nobody looked"));
  }

  @Test
  void hasACallbackThatThrows(EventLoop loop) {
    loop.callLater(
        1,
        () -> {
          throw new IllegalStateException("callback broke");
        });
    loop.advance(2);
  }

  @Test
  void cleansUpAfterItself(EventLoop loop) {
    loop.runUntilComplete(DelaysCoroutines.after(5, "done"));
  }
}
