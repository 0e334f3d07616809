package dev.yieldfrom.runtime.sync;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Script;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueTest {
  private final EventLoop loop = EventLoop.createVirtual();
  private final List<String> trace = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void aBoundedQueueMakesTheProducerWaitForTheConsumer() {
    Queue<Integer> queue = new Queue<>(2);
    Script<Object> producer = Script.script();
    for (int i = 1; i <= 4; i++) {
      int item = i;
      producer.await(() -> queue.put(item)).run(() -> trace.add("put " + item + " at " + loop.time()));
    }
    Script<Object> consumer = Script.script();
    for (int i = 0; i < 4; i++) {
      consumer
          .await(() -> sleep(1))
          .await(queue::get, item -> trace.add("got " + item + " at " + loop.time()))
          .run(queue::taskDone);
    }
    loop.runUntilComplete(Script.script().await(() -> gather(producer, consumer)));
    assertEquals(
        List.of(
            "put 1 at 0.0", "put 2 at 0.0",
            "got 1 at 1.0", "put 3 at 1.0",
            "got 2 at 2.0", "put 4 at 2.0",
            "got 3 at 3.0", "got 4 at 4.0"),
        trace);
  }

  @Test
  void joinWaitsUntilEveryItemIsMarkedDone() {
    Queue<String> queue = new Queue<>();
    queue.putNowait("a");
    queue.putNowait("b");
    Script<Object> worker = Script.script();
    for (int i = 0; i < 2; i++) {
      worker.await(queue::get).await(() -> sleep(1)).run(queue::taskDone);
    }
    loop.createTask(worker);
    loop.runUntilComplete(Script.script().await(queue::join).run(() -> trace.add("joined at " + loop.time())));
    assertEquals(List.of("joined at 2.0"), trace);
    // asyncio: ValueError('task_done() called too many times')
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, queue::taskDone);
    assertEquals("taskDone() called too many times", tooMany.getMessage());
  }

  @Test
  void nowaitVariantsRaiseWhenTheyWouldWait() {
    Queue<String> queue = new Queue<>(1);
    QueueEmpty empty = assertThrows(QueueEmpty.class, queue::getNowait);
    assertEquals("queue is empty", empty.getMessage());
    queue.putNowait("x");
    assertTrue(queue.isFull());
    QueueFull full = assertThrows(QueueFull.class, () -> queue.putNowait("y"));
    assertEquals("queue is full", full.getMessage());
    assertEquals("x", queue.getNowait());
    assertEquals(0, queue.size());
  }

  @Test
  void getWaitersAreServedInOrderAndACancelledOneLosesNoItem() {
    Queue<String> queue = new Queue<>();
    Task<Object> first = loop.createTask(Script.script().await(queue::get, item -> trace.add("first got " + item)));
    Task<Object> second = loop.createTask(Script.script().await(queue::get, item -> trace.add("second got " + item)));
    Task<Object> third = loop.createTask(Script.script().await(queue::get, item -> trace.add("third got " + item)));
    loop.callLater(
        1,
        () -> {
          queue.putNowait("x");
          // Woken for x, but cancelled before it could take it: x must go to the next waiter.
          first.cancel();
        });
    loop.callLater(2, () -> queue.putNowait("y"));
    loop.runUntilComplete(third);
    assertTrue(first.isCancelled());
    assertTrue(second.isDone());
    assertEquals(List.of("second got x", "third got y"), trace);
  }

  @Test
  void lifoAndPriorityQueuesChangeTheOrder() {
    LifoQueue<String> lifo = new LifoQueue<>();
    PriorityQueue<String> natural = new PriorityQueue<>();
    PriorityQueue<String> byLength = new PriorityQueue<>(0, Comparator.comparingInt(String::length));
    for (String item : List.of("ccc", "a", "bb")) {
      lifo.putNowait(item);
      natural.putNowait(item);
      byLength.putNowait(item);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(lifo.getNowait());
    }
    for (int i = 0; i < 3; i++) {
      out.add(natural.getNowait());
    }
    for (int i = 0; i < 3; i++) {
      out.add(byLength.getNowait());
    }
    assertEquals(List.of("bb", "a", "ccc", "a", "bb", "ccc", "a", "bb", "ccc"), out);
  }

  @org.junit.jupiter.api.Test
  void nullIsAnItemLikeNoneInAsyncio() {
    Queue<String> fifo = new Queue<>();
    fifo.putNowait("a");
    fifo.putNowait(null);
    LifoQueue<String> lifo = new LifoQueue<>();
    lifo.putNowait("a");
    lifo.putNowait(null);
    org.junit.jupiter.api.Assertions.assertEquals(2, fifo.size());
    org.junit.jupiter.api.Assertions.assertEquals("a", fifo.getNowait());
    org.junit.jupiter.api.Assertions.assertNull(fifo.getNowait());
    org.junit.jupiter.api.Assertions.assertNull(lifo.getNowait());
    org.junit.jupiter.api.Assertions.assertEquals("a", lifo.getNowait());
    NullPointerException rejected =
        org.junit.jupiter.api.Assertions.assertThrows(
            NullPointerException.class, () -> new PriorityQueue<String>().putNowait(null));
    org.junit.jupiter.api.Assertions.assertEquals(
        "a PriorityQueue cannot order null; put a value", rejected.getMessage());
  }
}
