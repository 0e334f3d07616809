package dev.yieldfrom.runtime;

import java.util.Set;

/**
 * What {@link Async#waitUntil} returns: the futures that are done and those still pending, each
 * in the order they were given.
 */
public record Waited<F extends Future<?>>(Set<F> done, Set<F> pending) {
  public Waited {
    done = java.util.Collections.unmodifiableSet(done);
    pending = java.util.Collections.unmodifiableSet(pending);
  }
}
