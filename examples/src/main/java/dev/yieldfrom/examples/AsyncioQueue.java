package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.sync.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * asyncio_queue.py: a bounded queue between a producer and consumers; {@code put} waits while the
 * queue is full, {@code get} while it is empty, and {@code join} until every item is done.
 *
 * <p>The producer tells the consumers to stop with {@code None}. The queue cannot hold null, so
 * the items are {@link Optional}s and the stop signal is an empty one, printed as {@code None}.
 * It runs on virtual time, so the consumers' sleeps take no real time and interleave the same way
 * on every run; the expected output came from the Python program on virtual time (on a real clock
 * it prints the same).
 */
public final class AsyncioQueue {
  private AsyncioQueue() {}

  @Coroutine
  static Co<Void> consumer(int n, Queue<Optional<Integer>> q) {
    System.out.println("consumer " + n + ": starting");
    while (true) {
      System.out.println("consumer " + n + ": waiting for item");
      Optional<Integer> item = yieldFrom(q.get());
      System.out.println("consumer " + n + ": has item " + Py.str(item.orElse(null)));
      if (item.isEmpty()) {
        // An empty item is the signal to stop.
        q.taskDone();
        break;
      } else {
        yieldFrom(sleep(0.01 * item.get()));
        q.taskDone();
      }
    }
    System.out.println("consumer " + n + ": ending");
    return done();
  }

  @Coroutine
  static Co<Void> producer(Queue<Optional<Integer>> q, int numWorkers) {
    System.out.println("producer: starting");
    // Add some numbers to the queue to simulate jobs
    for (int i = 0; i < numWorkers * 3; i++) {
      yieldFrom(q.put(Optional.of(i)));
      System.out.println("producer: added task " + i + " to the queue");
    }
    // Add empty entries in the queue
    // to signal the consumers to exit
    System.out.println("producer: adding stop signals to the queue");
    for (int i = 0; i < numWorkers; i++) {
      yieldFrom(q.put(Optional.empty()));
    }
    System.out.println("producer: waiting for queue to empty");
    yieldFrom(q.join());
    System.out.println("producer: ending");
    return done();
  }

  @Coroutine
  static Co<Void> main(EventLoop loop, int numConsumers) {
    // Create the queue with a fixed size so the producer
    // will block until the consumers pull some items out.
    Queue<Optional<Integer>> q = new Queue<>(numConsumers);

    // Scheduled the consumer tasks.
    List<Task<Void>> consumers = new ArrayList<>();
    for (int i = 0; i < numConsumers; i++) {
      consumers.add(loop.createTask(consumer(i, q)));
    }

    // Schedule the producer task.
    Task<Void> prod = loop.createTask(producer(q, numConsumers));

    // Wait for all of the coroutines to finish.
    List<Task<Void>> all = new ArrayList<>(consumers);
    all.add(prod);
    yieldFrom(waitUntil(all));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioQueueCoroutines.main(eventLoop, 2));
    } finally {
      eventLoop.close();
    }
  }
}
