package dev.yieldfrom.runtime.sync;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Script;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private Script<Object> holder(Lock lock, String name, double hold) {
    return Script.script()
        .await(lock::acquire)
        .run(() -> trace.add(name + " acquired at " + loop.time()))
        .await(() -> sleep(hold))
        .run(lock::release);
  }

  @Test
  void lockWaitersAcquireInTheOrderTheyCame() {
    Lock lock = new Lock();
    loop.runUntilComplete(
        Script.script().await(() -> gather(holder(lock, "a", 1), holder(lock, "b", 1), holder(lock, "c", 1))));
    assertEquals(List.of("a acquired at 0.0", "b acquired at 1.0", "c acquired at 2.0"), trace);
    assertFalse(lock.isLocked());
    IllegalStateException failure = assertThrows(IllegalStateException.class, lock::release);
    assertEquals("Lock is not acquired.", failure.getMessage());
  }

  @Test
  void aWaiterCancelledAfterItWasWokenPassesTheLockOn() {
    Lock lock = new Lock();
    Task<Object> a = loop.createTask(holder(lock, "a", 1));
    Task<Object> b = loop.createTask(holder(lock, "b", 1));
    Task<Object> c = loop.createTask(holder(lock, "c", 1));
    // At 1.0 a releases (waking b) and, in the same iteration, b is cancelled.
    loop.callLater(1, b::cancel);
    loop.runUntilComplete(c);
    assertTrue(b.isCancelled());
    assertTrue(a.isDone());
    assertEquals(List.of("a acquired at 0.0", "c acquired at 1.0"), trace);
    assertFalse(lock.isLocked());
  }

  @Test
  void withLockReleasesWhenTheBodyFails() {
    Lock lock = new Lock();
    assertThrows(
        IllegalStateException.class,
        () ->
            loop.runUntilComplete(
                lock.withLock(
                    Script.script()
                        .run(() -> trace.add("locked=" + lock.isLocked()))
                        .run(
                            () -> {
                              throw new IllegalStateException("body failed");
                            }))));
    assertEquals(List.of("locked=true"), trace);
    assertFalse(lock.isLocked());
  }

  @Test
  void eventSetWakesAllWaitersInOrder() {
    Event event = new Event();
    Script<Object> waiterA = Script.script().await(event::await).run(() -> trace.add("a woke at " + loop.time()));
    Script<Object> waiterB = Script.script().await(event::await).run(() -> trace.add("b woke at " + loop.time()));
    Script<Object> setter = Script.script().await(() -> sleep(3)).run(event::set);
    loop.runUntilComplete(Script.script().await(() -> gather(waiterA, waiterB, setter)));
    assertEquals(List.of("a woke at 3.0", "b woke at 3.0"), trace);
    assertTrue(event.isSet());
    loop.runUntilComplete(Script.script().await(event::await).run(() -> trace.add("set: no wait")));
    event.clear();
    assertFalse(event.isSet());
    assertEquals("set: no wait", trace.get(2));
  }

  private Script<Object> conditionWaiter(Condition condition, String name) {
    // withLock releases the lock however the body ends, as async with does.
    return Script.script()
        .await(
            () ->
                condition.withLock(
                    Script.script()
                        .await(condition::await)
                        .run(() -> trace.add(name + " notified at " + loop.time() + " locked=" + condition.isLocked()))));
  }

  @Test
  void conditionNotifiesWaitersInOrderAndTheyReacquireTheLock() {
    Condition condition = new Condition();
    Script<Object> notifier =
        Script.script()
            .await(() -> sleep(1))
            .await(condition::acquire)
            .run(() -> condition.notifyOne())
            .run(condition::release)
            .await(() -> sleep(1))
            .await(condition::acquire)
            .run(condition::notifyAllWaiters)
            .run(condition::release);
    loop.runUntilComplete(
        Script.script()
            .await(
                () ->
                    gather(
                        conditionWaiter(condition, "a"),
                        conditionWaiter(condition, "b"),
                        conditionWaiter(condition, "c"),
                        notifier)));
    assertEquals(
        List.of("a notified at 1.0 locked=true", "b notified at 2.0 locked=true", "c notified at 2.0 locked=true"),
        trace);
  }

  @Test
  void conditionMisuse() {
    Condition condition = new Condition();
    IllegalStateException waitUnlocked =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(condition.await()));
    assertEquals("cannot wait on un-acquired lock", waitUnlocked.getMessage());
    IllegalStateException notifyUnlocked =
        assertThrows(IllegalStateException.class, condition::notifyOne);
    assertEquals("cannot notify on un-acquired lock", notifyUnlocked.getMessage());
  }

  @Test
  void awaitUntilChecksThePredicateAfterEachWakeUp() {
    Condition condition = new Condition();
    int[] counter = {0};
    Script<Object> waiter =
        Script.script()
            .await(condition::acquire)
            .await(() -> condition.awaitUntil(() -> counter[0] >= 3))
            .run(() -> trace.add("counter reached " + counter[0] + " at " + loop.time()))
            .run(condition::release);
    Script<Object> incrementer = Script.script();
    for (int i = 0; i < 3; i++) {
      incrementer
          .await(() -> sleep(1))
          .await(condition::acquire)
          .run(() -> counter[0]++)
          .run(condition::notifyAllWaiters)
          .run(condition::release);
    }
    loop.runUntilComplete(Script.script().await(() -> gather(waiter, incrementer)));
    assertEquals(List.of("counter reached 3 at 3.0"), trace);
  }

  @Test
  void aNotifiedWaiterThatIsCancelledPassesTheNotificationOn() {
    Condition condition = new Condition();
    Task<Object> a = loop.createTask(conditionWaiter(condition, "a"));
    Task<Object> b = loop.createTask(conditionWaiter(condition, "b"));
    loop.createTask(
        Script.script()
            .await(() -> sleep(1))
            .await(condition::acquire)
            .run(condition::notifyOne)
            .run(a::cancel)
            .run(condition::release));
    loop.runUntilComplete(b);
    assertTrue(a.isCancelled());
    assertEquals(List.of("b notified at 1.0 locked=true"), trace);
  }

  private Script<Object> permitHolder(Semaphore semaphore, String name) {
    return Script.script()
        .await(semaphore::acquire)
        .run(() -> trace.add(name + " in at " + loop.time()))
        .await(() -> sleep(1))
        .run(semaphore::release);
  }

  @Test
  void semaphoreLetsInAtMostItsPermitsFirstComeFirstServed() {
    Semaphore semaphore = new Semaphore(2);
    loop.runUntilComplete(
        Script.script()
            .await(
                () ->
                    gather(
                        permitHolder(semaphore, "a"),
                        permitHolder(semaphore, "b"),
                        permitHolder(semaphore, "c"),
                        permitHolder(semaphore, "d"),
                        permitHolder(semaphore, "e"))));
    assertEquals(
        List.of("a in at 0.0", "b in at 0.0", "c in at 1.0", "d in at 1.0", "e in at 2.0"), trace);
    assertEquals(2, semaphore.value());
  }

  @Test
  void aWaiterCancelledAfterItGotAPermitGivesItBack() {
    Semaphore semaphore = new Semaphore(1);
    loop.createTask(permitHolder(semaphore, "a"));
    Task<Object> b = loop.createTask(permitHolder(semaphore, "b"));
    Task<Object> c = loop.createTask(permitHolder(semaphore, "c"));
    loop.callLater(1, b::cancel);
    loop.runUntilComplete(c);
    assertEquals(List.of("a in at 0.0", "c in at 1.0"), trace);
    assertEquals(1, semaphore.value());
  }

  @Test
  void semaphoreMisuse() {
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertEquals("Semaphore initial value must be >= 0", negative.getMessage());
    BoundedSemaphore bounded = new BoundedSemaphore(1);
    // asyncio: ValueError('BoundedSemaphore released too many times')
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, bounded::release);
    assertEquals("BoundedSemaphore released too many times", tooMany.getMessage());
    loop.runUntilComplete(bounded.withPermit(Script.script().run(() -> trace.add("value " + bounded.value()))));
    assertEquals(List.of("value 0"), trace);
    assertEquals(1, bounded.value());
  }

  @Test
  void aPrimitiveBindsToTheFirstLoopItWaitsOn() {
    Lock lock = new Lock();
    loop.runUntilComplete(Script.script().await(() -> gather(holder(lock, "a", 1), holder(lock, "b", 1))));
    EventLoop other = EventLoop.createVirtual();
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> other.runUntilComplete(Script.script().await(lock::acquire).await(lock::acquire)));
    assertEquals("Lock<locked> is bound to a different event loop", failure.getMessage());
    other.close();
  }
}
