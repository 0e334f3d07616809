package dev.yieldfrom.examples;

import static dev.yieldfrom.runtime.Yield.done;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;

/** asyncio_coroutine_return.py: runUntilComplete hands back the coroutine's return value. */
public final class AsyncioCoroutineReturn {
  private AsyncioCoroutineReturn() {}

  @Coroutine
  static Co<String> coroutine() {
    System.out.println("in coroutine");
    return done("result");
  }

  public static void main(String[] args) {
    EventLoop eventLoop = EventLoop.create();
    try {
      String returnValue = eventLoop.runUntilComplete(AsyncioCoroutineReturnCoroutines.coroutine());
      System.out.println("it returned: " + Py.repr(returnValue));
    } finally {
      eventLoop.close();
    }
  }
}
