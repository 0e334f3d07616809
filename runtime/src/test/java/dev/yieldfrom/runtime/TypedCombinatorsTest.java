package dev.yieldfrom.runtime;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.gatherFutures;
import static dev.yieldfrom.runtime.Async.gatherPair;
import static dev.yieldfrom.runtime.Async.gatherReturningExceptions;
import static dev.yieldfrom.runtime.Async.gatherTriple;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.withTaskGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yieldfrom.runtime.sync.Queue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The typed forms of gather (CPython's test_tasks gather tests, with the result types Java can
 * check: each assignment below compiles only if the combinator returns that type), the named
 * return-exceptions form, Queue.join's result and the lambda-bodied task group.
 */
class TypedCombinatorsTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private <T> T run(Gen<?, ?, T> main) {
    return loop.runUntilComplete(main);
  }

  private <T> Script<T> after(double seconds, T value) {
    return Script.<T>script()
        .await(() -> sleep(seconds))
        .run(() -> trace.add(value + " at " + loop.time()))
        .ensure(() -> trace.add(value + " finally"))
        .returns(() -> value);
  }

  private Script<String> failing(double seconds, Throwable failure) {
    return Script.<String>script()
        .await(() -> sleep(seconds))
        .run(
            () -> {
              trace.add("fails at " + loop.time());
              throw failure;
            });
  }

  /** Awaits {@code future} in a task and hands back its result. */
  private <T> T await(java.util.function.Supplier<Future<T>> future) {
    AtomicReference<Object> result = new AtomicReference<>();
    run(Script.script().await(future::get, result::set));
    @SuppressWarnings("unchecked")
    T typed = (T) result.get();
    return typed;
  }

  @Test
  void gatheringCoroutinesOfOneTypeGivesAListOfThatType() {
    List<String> results = await(() -> gather(after(2, "slow"), after(1, "fast")));
    assertEquals(List.of("slow", "fast"), results);
    List<String> fromCollection = await(() -> gather(List.of(after(1, "x"), after(1, "y"))));
    assertEquals(List.of("x", "y"), fromCollection);
    List<Number> widened = await(() -> Async.<Number>gather(after(1, 1), after(1, 2.5)));
    assertEquals(List.of(1, 2.5), widened);
    assertThrows(UnsupportedOperationException.class, () -> results.add("no"), "the list is unmodifiable");
  }

  @Test
  void gatheringFuturesOfOneTypeGivesAListOfThatType() {
    List<Integer> results =
        await(
            () ->
                gatherFutures(
                    List.of(loop.createTask(after(2, 2)), loop.createTask(after(1, 1)))));
    assertEquals(List.of(2, 1), results);
  }

  @Test
  void twoOrThreeAwaitablesOfDifferentTypes() {
    Pair<String, Integer> pair = await(() -> gatherPair(after(2, "a"), after(1, 1)));
    assertEquals(new Pair<>("a", 1), pair);
    assertEquals("a", pair.first());
    assertEquals(1, pair.second());
    Triple<String, Integer, Boolean> triple =
        await(
            () ->
                gatherTriple(
                    loop.createTask(after(1, "b")),
                    loop.createTask(after(3, 2)),
                    loop.createTask(after(2, true))));
    assertEquals(new Triple<>("b", 2, true), triple);
  }

  @Test
  void aTypedGatherFailsWithTheFirstFailure() {
    IOException boom = new IOException("boom");
    AtomicReference<Throwable> caught = new AtomicReference<>();
    run(
        Script.script()
            .await(() -> gatherPair(after(3, "slow"), failing(1, boom)))
            .rescue(IOException.class, caught::set)
            .await(() -> sleep(5)));
    assertSame(boom, caught.get());
    assertEquals(List.of("fails at 1.0", "slow at 3.0", "slow finally"), trace);
  }

  /** CPython test_tasks: test_return_exceptions (gather(..., return_exceptions=True)). */
  @Test
  void gatherReturningExceptionsPutsThemAmongTheResults() {
    IOException boom = new IOException("boom");
    Future<String> ready = loop.createFuture();
    ready.setResult("ready");
    List<Object> results = await(() -> gatherReturningExceptions(after(1, "ok"), failing(2, boom), ready));
    assertEquals("ok", results.get(0));
    assertSame(boom, results.get(1));
    assertEquals("ready", results.get(2));
    Task<String> cancelled = loop.createTask(after(5, "never"));
    cancelled.cancel();
    List<Object> withCancelled = await(() -> gatherReturningExceptions(List.of(cancelled)));
    assertNull(assertInstanceOf(CancelledError.class, withCancelled.get(0)).getMessage());
  }

  @Test
  void theUntypedGatherMixesFuturesAndCoroutines() {
    Future<Integer> ready = loop.createFuture();
    ready.setResult(7);
    List<Object> results = await(() -> gather(after(1, "co"), ready));
    assertEquals(List.of("co", 7), results);
  }

  @Test
  void theRemovedPositionalReturnExceptionsFlagIsRejectedWithWhatToCall() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class, () -> run(Script.script().await(() -> gather(after(1, "a"), true))));
    assertEquals(
        "expected a Gen, Co, Future or CompletionStage, got java.lang.Boolean:"
            + " for asyncio's return_exceptions=True, call gatherReturningExceptions",
        failure.getMessage());
  }

  @Test
  void aCollectionGivenToTheUntypedGatherIsRejectedWithWhatToCall() {
    List<Task<String>> tasks = List.of(loop.createTask(after(1, "t")));
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> run(Script.script().await(() -> gather((Object) tasks))));
    assertEquals(
        "expected a Gen, Co, Future or CompletionStage, got java.util.ImmutableCollections$List12:"
            + " to gather a collection, pass it alone to gather(Collection) (coroutines),"
            + " gatherFutures (futures and tasks) or gather(collection.toArray()) (a mix)",
        failure.getMessage());
    loop.runUntilComplete(tasks.get(0));
  }

  /** asyncio's Queue.join() returns None once every item is marked done. */
  @Test
  void queueJoinFinishesWithNoResultOnceEveryItemIsDone() {
    Queue<String> queue = new Queue<>();
    queue.putNowait("a");
    loop.callLater(
        2,
        () -> {
          queue.getNowait();
          queue.taskDone();
        });
    AtomicReference<Object> joined = new AtomicReference<>("not yet");
    run(Script.script().await(queue::join, joined::set).run(() -> trace.add("joined at " + loop.time())));
    assertNull(joined.get());
    assertEquals(List.of("joined at 2.0"), trace);
    Co<Void> alreadyDone = queue.join();
    assertNull(run(alreadyDone));
  }

  @Test
  void aTaskGroupWhoseBodyOnlyStartsTasksWaitsForThemAll() {
    Void result =
        run(
            withTaskGroup(
                group -> {
                  group.createTask(after(2, "a"));
                  group.createTask(after(1, "b"));
                }));
    assertNull(result);
    assertEquals(List.of("b at 1.0", "b finally", "a at 2.0", "a finally"), trace);
  }

  @Test
  void aFailingChildOfALambdaBodiedGroupCancelsItsSiblings() {
    IOException boom = new IOException("boom");
    ExceptionGroup group =
        assertThrows(
            ExceptionGroup.class,
            () ->
                run(
                    withTaskGroup(
                        g -> {
                          g.createTask(after(10, "sibling"));
                          g.createTask(failing(1, boom));
                        })));
    assertEquals(List.of(boom), group.exceptions());
    assertEquals(List.of("fails at 1.0", "sibling finally"), trace);
    assertEquals(1.0, loop.time());
  }

  @Test
  void aBodyThatThrowsBeforeStartingEverythingCancelsWhatItStarted() {
    IllegalStateException broken = new IllegalStateException("body broke");
    AtomicReference<Task<String>> started = new AtomicReference<>();
    ExceptionGroup group =
        assertThrows(
            ExceptionGroup.class,
            () ->
                run(
                    withTaskGroup(
                        g -> {
                          started.set(g.createTask(after(10, "started")));
                          throw broken;
                        })));
    assertEquals(List.of(broken), group.exceptions());
    assertTrue(started.get().isCancelled(), "cancelled before it ran, so its coroutine never ran");
    assertEquals(List.of(), trace);
    assertTrue(loop.allTasks().isEmpty());
  }
}
