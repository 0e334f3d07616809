package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.sync.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * asyncio_condition.py: like an event, but each notification wakes as many waiters as it says:
 * one, then two, then all that are left. Python's {@code wait()}, {@code notify(n)} and
 * {@code notify_all()} are {@code await()}, {@code notifyWaiters(n)} and
 * {@code notifyAllWaiters()}.
 *
 * <p>The Python program holds the condition's lock with {@code with await condition}, which
 * Python 3.9 removed; here {@link Condition#withLock}, Python's {@code async with condition},
 * whose body is a coroutine of its own since lambdas cannot await. It also passes the consumer
 * coroutines to {@code asyncio.wait}, which Python 3.11 forbids and older versions started in the
 * iteration order of a set; here they run as tasks created in order, after the task that
 * manipulates the condition, as before. It runs on virtual time. The expected output came from
 * the Python program with the same changes, on virtual time.
 */
public final class AsyncioCondition {
  private AsyncioCondition() {}

  @Coroutine
  static Co<Void> consumer(Condition condition, int n) {
    yieldFrom(condition.withLock(consumerHoldingLock(condition, n)));
    System.out.println("ending consumer " + n);
    return done();
  }

  /** The body of the consumer's {@code async with condition:} block. */
  @Coroutine
  static Co<Void> consumerHoldingLock(Condition condition, int n) {
    System.out.println("consumer " + n + " is waiting");
    yieldFrom(condition.await());
    System.out.println("consumer " + n + " triggered");
    return done();
  }

  @Coroutine
  static Co<Void> manipulateCondition(Condition condition) {
    System.out.println("starting manipulate_condition");

    // pause to let consumers start
    yieldFrom(sleep(0.1));

    for (int i = 1; i < 3; i++) {
      yieldFrom(condition.withLock(notifyConsumers(condition, i)));
      yieldFrom(sleep(0.1));
    }

    yieldFrom(condition.withLock(notifyRemainingConsumers(condition)));

    System.out.println("ending manipulate_condition");
    return done();
  }

  /** The body of an {@code async with condition:} block of manipulate_condition. */
  @Coroutine
  static Co<Void> notifyConsumers(Condition condition, int n) {
    System.out.println("notifying " + n + " consumers");
    condition.notifyWaiters(n);
    return done();
  }

  /** The body of the last {@code async with condition:} block of manipulate_condition. */
  @Coroutine
  static Co<Void> notifyRemainingConsumers(Condition condition) {
    System.out.println("notifying remaining consumers");
    condition.notifyAllWaiters();
    return done();
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    // Create a condition
    Condition condition = new Condition();

    // Set up tasks watching the condition
    List<Co<Void>> consumers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      consumers.add(consumer(condition, i));
    }

    // Schedule a task to manipulate the condition variable
    loop.createTask(manipulateCondition(condition));

    // Wait for the consumers to be done
    List<Task<Void>> consumerTasks = new ArrayList<>();
    for (Co<Void> consumer : consumers) {
      consumerTasks.add(createTask(consumer));
    }
    yieldFrom(waitUntil(consumerTasks));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioConditionCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
