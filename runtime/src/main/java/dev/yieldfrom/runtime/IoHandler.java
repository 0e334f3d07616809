package dev.yieldfrom.runtime;

import java.nio.channels.SelectionKey;

/**
 * Called on the loop's thread when a channel registered with {@link EventLoop#register} is ready
 * for one of the operations of its key's interest set ({@link SelectionKey#readyOps()} says which).
 * The handler is the key's attachment.
 */
@FunctionalInterface
public interface IoHandler {
  void ready(SelectionKey key);
}
