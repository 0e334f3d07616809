package dev.yieldfrom.runtime.sync;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Gen;

/** Acquire, run a body, release however it ends: asyncio's {@code async with lock:}. */
final class Holding<T> extends Co<T> {
  private final Gen<?, ?, ?> acquire;
  private final Gen<?, ?, T> body;
  private final Runnable release;

  Holding(Gen<?, ?, ?> acquire, Gen<?, ?, T> body, Runnable release) {
    if (body == null) {
      throw new NullPointerException("body");
    }
    this.acquire = acquire;
    this.body = body;
    this.release = release;
  }

  @Override
  protected Object resume(Object sent, Throwable thrown) throws Throwable {
    switch (state) {
      case 0:
        state = 1;
        return delegate(acquire);
      case 1:
        if (thrown != null) {
          // Never acquired: the body never runs.
          body.close();
          state = 3;
          throw thrown;
        }
        state = 2;
        return delegate(body);
      case 2:
        state = 3;
        release.run();
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(sent);
      default:
        throw new IllegalStateException("resumed after it finished");
    }
  }
}
