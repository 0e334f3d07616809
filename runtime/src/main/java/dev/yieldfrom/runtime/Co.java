package dev.yieldfrom.runtime;

/**
 * An asyncio-style coroutine returning {@code R}: a generator whose yields go to the event loop
 * (futures it waits for), never to user code. Await one with {@code yieldFrom(co)} inside another
 * coroutine, or run it with {@link EventLoop#runUntilComplete(Gen)}.
 *
 * <p>A coroutine can be awaited once: awaiting a finished one is an error, as in Python's native
 * coroutines. (A plain {@link Gen} that has finished gives null instead, as PEP 380 says.)
 */
public abstract class Co<R> extends Gen<Object, Object, R> {
  protected Co() {}
}
