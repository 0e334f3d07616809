package dev.yieldfrom.net;

import dev.yieldfrom.runtime.Gen;

/**
 * What a stream server runs for each connection it accepts (asyncio's
 * {@code client_connected_cb}): usually a {@code @Coroutine} method reference, run as a task.
 */
@FunctionalInterface
public interface ClientConnected {
  /**
   * Returns the coroutine serving this client, or null if the work is done here. A failure of
   * the coroutine closes the connection and goes to the loop's exception handler.
   */
  Gen<?, ?, ?> connected(StreamReader reader, StreamWriter writer);
}
