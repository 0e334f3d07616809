package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;

/**
 * A primitive that binds to the running loop the first time it has to wait (asyncio's
 * _LoopBoundMixin), so it can be created anywhere but used from one loop only.
 */
abstract class LoopBound {
  private EventLoop loop;

  /** A fresh future of the loop this primitive is bound to. */
  final <T> Future<T> newWaiter() {
    EventLoop running = EventLoop.getRunningLoop();
    if (loop == null) {
      loop = running;
    } else if (loop != running) {
      throw new IllegalStateException(this + " is bound to a different event loop");
    }
    return running.createFuture();
  }
}
