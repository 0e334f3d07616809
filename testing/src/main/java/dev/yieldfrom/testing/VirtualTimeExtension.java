package dev.yieldfrom.testing;

import dev.yieldfrom.runtime.Async;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.ExceptionContext;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Coroutine tests on virtual time, in the spirit of Kotlin's {@code runTest}. A test (or its
 * {@code @BeforeEach}) that declares an {@link EventLoop} parameter gets a fresh loop from
 * {@link EventLoop#createVirtual()}: sleeps and timeouts take no real time, and the test moves
 * the clock with {@link EventLoop#advance(double)} and {@link EventLoop#advanceUntilIdle()}, or
 * runs a coroutine to its end with {@link EventLoop#runUntilComplete}.
 *
 * <pre>{@code
 * @VirtualTime
 * class CacheTest {
 *   @Test
 *   void entriesExpire(EventLoop loop) {
 *     Task<String> reader = loop.createTask(CacheCoroutines.readAfter("k", 90));
 *     loop.advance(60);
 *     assertFalse(reader.isDone());
 *     loop.advanceUntilIdle();
 *     assertEquals("expired", reader.result());
 *   }
 * }
 * }</pre>
 *
 * <p>After the test the loop is checked, then closed, and the test fails if a task was left
 * pending (it is cancelled and run to its end first, so its {@code finally} blocks run), or if
 * anything reached the loop's exception handler: a failed future or task whose exception nobody
 * retrieved, an exception thrown by a callback. A test that installs its own exception handler
 * takes over the second check.
 */
public final class VirtualTimeExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VirtualTimeExtension.class);

  /** A test's loop and what reached its exception handler. */
  private static final class TestLoop {
    final EventLoop loop = EventLoop.createVirtual();
    final List<ExceptionContext> reported = new ArrayList<>();

    TestLoop() {
      loop.setExceptionHandler((l, context) -> reported.add(context));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EventLoop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return testLoop(context).loop;
  }

  private static TestLoop testLoop(ExtensionContext context) {
    // get and put, not computeIfAbsent: the extension works with JUnit 5 as well as 6.
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    TestLoop testLoop = store.get(TestLoop.class, TestLoop.class);
    if (testLoop == null) {
      testLoop = new TestLoop();
      store.put(TestLoop.class, testLoop);
    }
    return testLoop;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestLoop testLoop = context.getStore(NAMESPACE).remove(TestLoop.class, TestLoop.class);
    if (testLoop == null) {
      return; // the test never asked for a loop
    }
    EventLoop loop = testLoop.loop;
    if (loop.isRunning()) {
      throw new IllegalStateException("the test's event loop is still running: " + loop);
    }
    List<String> problems = new ArrayList<>();
    if (!loop.isClosed()) {
      List<Task<?>> pending = loop.allTasks();
      if (!pending.isEmpty()) {
        problems.add(
            loop.dumpTasks().replaceFirst("^(\\d+ pending tasks?)", "$1 left at the end of the test"));
        finish(loop, pending, problems);
      }
      loop.close();
    }
    List<Throwable> causes = new ArrayList<>();
    for (ExceptionContext reported : testLoop.reported) {
      problems.add(
          reported.message()
              + (reported.exception() != null ? ": " + reported.exception() : "")
              + (reported.future() != null ? "\n  future: " + reported.future() : ""));
      if (reported.exception() != null) {
        causes.add(reported.exception());
      }
    }
    if (!problems.isEmpty()) {
      AssertionError failure = new AssertionError(String.join("\n", problems));
      causes.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  /** Cancels the tasks left pending and runs them to their end, so their finally blocks run. */
  private static void finish(EventLoop loop, List<Task<?>> pending, List<String> problems) {
    for (Task<?> task : pending) {
      task.cancel();
    }
    try {
      loop.runUntilComplete(Async.gatherReturningExceptions(pending));
    } catch (RuntimeException stuck) {
      // A task that swallowed its cancellation and waits for what never comes: close drops it.
      problems.add("cancelling them did not end them all: " + stuck.getMessage());
    }
  }
}
