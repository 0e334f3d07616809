package dev.yieldfrom.bench;

import java.util.ServiceLoader;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Virtual threads without compiling against JDK 21: src/jdk21 (compiled only when the build runs
 * on JDK 21+) registers a {@code Supplier<ThreadFactory>} of virtual threads as a service. On JDK
 * 17, or when the jar was built on 17, {@link #factory()} is null and callers report "skipped".
 */
public final class VirtualThreads {
  private VirtualThreads() {}

  /** A service: supplies a factory of virtual threads. */
  public interface Provider extends Supplier<ThreadFactory> {}

  private static final ThreadFactory FACTORY = find();

  private static ThreadFactory find() {
    if (Runtime.version().feature() < 21) {
      return null;
    }
    return ServiceLoader.load(Provider.class).findFirst().map(Supplier::get).orElse(null);
  }

  /** A factory of virtual threads, or null where there are none (JDK 17). */
  public static ThreadFactory factory() {
    return FACTORY;
  }

  public static boolean available() {
    return FACTORY != null;
  }

  /** Why there are none, for reports. */
  public static String whyNot() {
    return Runtime.version().feature() < 21
        ? "skipped: JDK " + Runtime.version().feature() + " has no virtual threads"
        : "skipped: benchmarks.jar was built on a JDK without virtual threads";
  }
}
