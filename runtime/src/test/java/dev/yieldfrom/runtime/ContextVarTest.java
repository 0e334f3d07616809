package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CPython's test_context and the context tests of test_tasks / test_events, ported. */
class ContextVarTest {
  private static final ContextVar<String> REQUEST = new ContextVar<>("request", "none");
  private static final ContextVar<Integer> COUNT = new ContextVar<>("count");

  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private Script<String> reporter(String name, double seconds) {
    return Script.<String>script()
        .run(() -> trace.add(name + " sees " + REQUEST.get()))
        .await(() -> sleep(seconds))
        .run(() -> trace.add(name + " still sees " + REQUEST.get()))
        .returns(REQUEST::get);
  }

  /** test_context: test_context_var_new, get with and without default, set and reset. */
  @Test
  void getSetAndResetWithATokenOnTheThread() {
    ContextVar<String> fresh = new ContextVar<>("fresh");
    NoSuchElementException missing = assertThrows(NoSuchElementException.class, fresh::get);
    assertEquals("ContextVar fresh has no value", missing.getMessage());
    assertEquals("fallback", fresh.get("fallback"));
    ContextVar.Token<String> first = fresh.set("a");
    assertFalse(first.hadValue());
    ContextVar.Token<String> second = fresh.set("b");
    assertTrue(second.hadValue());
    assertEquals("b", fresh.get());
    fresh.reset(second);
    assertEquals("a", fresh.get());
    fresh.reset(first);
    assertThrows(NoSuchElementException.class, fresh::get);
    // RuntimeError: Token has already been used once
    IllegalStateException reused = assertThrows(IllegalStateException.class, () -> fresh.reset(first));
    assertEquals("Token<fresh used> has already been used once", reused.getMessage());
    // ValueError: Token was created by a different ContextVar
    ContextVar<String> other = new ContextVar<>("other");
    ContextVar.Token<String> foreign = other.set("x");
    IllegalArgumentException wrongVar = assertThrows(IllegalArgumentException.class, () -> fresh.reset(foreign));
    assertEquals("Token<other> was created by a different ContextVar", wrongVar.getMessage());
    other.reset(foreign);
    assertNull(new ContextVar<String>("nullable", null).get());
  }

  /** test_tasks: test_context_1 / test_context_3: a task starts with a copy of its creator's values. */
  @Test
  void eachTaskGetsACopyOfItsCreatorsValuesAndKeepsItsOwnSets() {
    ContextVar.Token<String> token = REQUEST.set("main");
    try {
      Task<String> child = loop.createTask(reporter("child", 1));
      REQUEST.set("changed after creating the child");
      Task<Object> parent =
          loop.createTask(
              Script.script()
                  .run(() -> trace.add("parent sees " + REQUEST.get()))
                  .run(() -> REQUEST.set("parent's"))
                  .await(() -> gather(reporter("grandchild", 1)))
                  .await(() -> child)
                  .run(() -> trace.add("parent still sees " + REQUEST.get())));
      loop.runUntilComplete(parent);
      assertEquals("main", child.result());
      assertEquals(
          List.of(
              "child sees main",
              "parent sees changed after creating the child",
              "grandchild sees parent's",
              "child still sees main",
              "grandchild still sees parent's",
              "parent still sees parent's"),
          trace);
      assertEquals("changed after creating the child", REQUEST.get(), "a task's sets stay in the task");
    } finally {
      REQUEST.reset(token);
    }
    assertEquals("none", REQUEST.get());
  }

  /** test_events: call_soon and call_later run their callback in the context current when scheduled. */
  @Test
  void callbacksRunWithTheValuesCurrentWhenTheyWereScheduled() {
    ContextVar.Token<String> token = REQUEST.set("at callSoon");
    loop.callSoon(
        () -> {
          trace.add("soon sees " + REQUEST.get());
          REQUEST.set("set inside the callback");
        });
    REQUEST.set("at callLater");
    loop.callLater(1, () -> trace.add("later sees " + REQUEST.get()));
    REQUEST.set("at addDoneCallback");
    Future<String> future = loop.createFuture();
    future.addDoneCallback(done -> trace.add("done callback sees " + REQUEST.get()));
    REQUEST.reset(token);
    loop.callLater(2, () -> future.setResult("x"));
    loop.runUntilComplete(Script.script().await(() -> sleep(3)));
    assertEquals(
        List.of("soon sees at callSoon", "later sees at callLater", "done callback sees at addDoneCallback"),
        trace);
    assertEquals("none", REQUEST.get(), "a callback's sets stay in the callback");
  }

  @Test
  void aRemovedDoneCallbackAddedWithValuesIsRemoved() {
    ContextVar.Token<String> token = REQUEST.set("bound");
    Future<String> future = loop.createFuture();
    java.util.function.Consumer<Future<String>> callback = done -> trace.add("ran");
    future.addDoneCallback(callback);
    future.addDoneCallback(callback);
    REQUEST.reset(token);
    assertEquals(2, future.removeDoneCallback(callback));
    future.setResult("x");
    loop.runUntilComplete(Script.script().await(() -> sleep(1)));
    assertEquals(List.of(), trace);
  }

  /** asyncio.to_thread copies the context into the worker thread. */
  @Test
  void anExecutorJobSeesTheValuesOfTheTaskThatStartedIt() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Object> seen = new AtomicReference<>();
      loop.runUntilComplete(
          Script.script()
              .run(() -> COUNT.set(42))
              .await(
                  () ->
                      loop.runInExecutor(
                          pool,
                          () -> {
                            COUNT.set(7); // stays in the job
                            return "job saw " + COUNT.get() + " on a pool thread";
                          }),
                  seen::set)
              .run(() -> trace.add("task still sees " + COUNT.get())));
      assertEquals("job saw 7 on a pool thread", seen.get());
      assertEquals(List.of("task still sees 42"), trace);
      AtomicReference<String> plain = new AtomicReference<>();
      pool.submit(() -> plain.set(COUNT.get(-1) + "")).get();
      assertEquals("-1", plain.get(), "the pool thread itself has no value");
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdown();
    }
  }

  /** test_context: Context.run, and a token reset in another context. */
  @Test
  void aCopiedContextRunsCodeAndATokenBelongsToItsContext() {
    ContextVar.Token<String> outer = REQUEST.set("outer");
    Context snapshot = Context.copyCurrent();
    REQUEST.set("changed");
    AtomicReference<ContextVar.Token<String>> inner = new AtomicReference<>();
    String seen =
        snapshot.call(
            () -> {
              inner.set(REQUEST.set("inside"));
              return REQUEST.get();
            });
    assertEquals("inside", seen);
    assertEquals("changed", REQUEST.get());
    assertEquals("inside", snapshot.call(REQUEST::get), "the context keeps what was set in it");
    IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class, () -> REQUEST.reset(inner.get()));
    assertEquals("Token<request> was created in a different Context", elsewhere.getMessage());
    IllegalStateException twice =
        assertThrows(IllegalStateException.class, () -> snapshot.run(() -> snapshot.run(() -> {})));
    assertTrue(twice.getMessage().startsWith("cannot enter context: "), twice.getMessage());
    REQUEST.reset(outer);
  }

  /** A token made in one task cannot reset the variable in another. */
  @Test
  void aTokenFromAnotherTaskIsRefused() {
    AtomicReference<ContextVar.Token<String>> fromA = new AtomicReference<>();
    AtomicReference<Throwable> refused = new AtomicReference<>();
    loop.runUntilComplete(
        Script.script()
            .await(
                () ->
                    gather(
                        Script.script().run(() -> fromA.set(REQUEST.set("a"))).await(() -> sleep(1)),
                        Script.script()
                            .await(() -> sleep(0.5))
                            .run(
                                () -> {
                                  try {
                                    REQUEST.reset(fromA.get());
                                  } catch (IllegalArgumentException e) {
                                    refused.set(e);
                                  }
                                }))));
    assertEquals("Token<request> was created in a different Context", refused.get().getMessage());
  }
}
