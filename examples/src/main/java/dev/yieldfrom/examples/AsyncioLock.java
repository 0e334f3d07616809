package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.waitUntil;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.sync.Lock;
import java.util.List;

/**
 * asyncio_lock.py: a lock guards a shared resource; the coroutines that want it wait until a
 * callback releases it, then take it in the order they asked.
 *
 * <p>The Python program takes the lock in two ways that Python 3.9 removed: {@code with await
 * lock} (here {@link Lock#withLock}, Python's {@code async with lock}, whose body is a coroutine
 * of its own since lambdas cannot await) and a bare {@code await lock} (here
 * {@code yieldFrom(lock.acquire())}). It also passes coroutines to {@code asyncio.wait}, which
 * Python 3.11 forbids and older versions started in the iteration order of a set; here they run
 * as tasks created in order. It runs on virtual time. The expected output came from the Python
 * program with the same changes, on virtual time.
 */
public final class AsyncioLock {
  private AsyncioLock() {}

  static void unlock(Lock lock) {
    System.out.println("callback releasing lock");
    lock.release();
  }

  @Coroutine
  static Co<Void> coro1(Lock lock) {
    System.out.println("coro1 waiting for the lock");
    yieldFrom(lock.withLock(coro1HoldingLock()));
    System.out.println("coro1 released lock");
    return done();
  }

  /** The body of coro1's {@code async with lock:} block. */
  @Coroutine
  static Co<Void> coro1HoldingLock() {
    System.out.println("coro1 acquired lock");
    return done();
  }

  @Coroutine
  static Co<Void> coro2(Lock lock) {
    System.out.println("coro2 waiting for the lock");
    yieldFrom(lock.acquire());
    try {
      System.out.println("coro2 acquired lock");
    } finally {
      System.out.println("coro2 released lock");
      lock.release();
    }
    return done();
  }

  @Coroutine
  static Co<Void> main(EventLoop loop) {
    // Create and acquire a shared lock.
    Lock lock = new Lock();
    System.out.println("acquiring the lock before starting coroutines");
    yieldFrom(lock.acquire());
    System.out.println("lock acquired: " + Py.str(lock.isLocked()));

    // Schedule a callback to unlock the lock.
    loop.callLater(0.1, () -> unlock(lock));

    // Run the coroutines that want to use the lock.
    System.out.println("waiting for coroutines");
    yieldFrom(waitUntil(List.of(createTask(coro1(lock)), createTask(coro2(lock)))));
    return done();
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.createVirtual();
    try {
      eventLoop.runUntilComplete(AsyncioLockCoroutines.main(eventLoop));
    } finally {
      eventLoop.close();
    }
  }
}
