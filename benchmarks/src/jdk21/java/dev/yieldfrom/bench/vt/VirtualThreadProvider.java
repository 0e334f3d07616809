package dev.yieldfrom.bench.vt;

import dev.yieldfrom.bench.VirtualThreads;
import java.util.concurrent.ThreadFactory;

/** Compiled with --release 21 only: the factory of virtual threads behind {@link VirtualThreads}. */
public final class VirtualThreadProvider implements VirtualThreads.Provider {
  @Override
  public ThreadFactory get() {
    return Thread.ofVirtual().factory();
  }
}
