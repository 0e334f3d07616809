package dev.yieldfrom.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The failed futures of one loop whose exception nobody has retrieved yet. Each is reported
 * through the loop's exception handler when the garbage collector finds it unreachable (as
 * CPython does from {@code __del__}), or when the loop closes, whichever comes first.
 *
 * <p>Weak references keep a fire-and-forget task that failed from being retained until close.
 */
final class UnretrievedFailures {
  private final ReferenceQueue<Future<?>> collected = new ReferenceQueue<>();
  private final Set<Entry> live = new LinkedHashSet<>();

  static final class Entry extends WeakReference<Future<?>> {
    private final Throwable failure;
    private final String description;
    private final boolean task;

    private Entry(Future<?> future, Throwable failure, ReferenceQueue<Future<?>> queue) {
      super(future, queue);
      this.failure = failure;
      this.description = future.toString();
      this.task = future instanceof Task;
    }
  }

  Entry track(Future<?> future, Throwable failure) {
    Entry entry = new Entry(future, failure, collected);
    live.add(entry);
    return entry;
  }

  void retrieved(Entry entry) {
    live.remove(entry);
    entry.clear();
  }

  /** Reports the failed futures that were collected unretrieved since the last call. */
  void reportCollected(EventLoop loop) {
    for (Object ref; (ref = collected.poll()) != null; ) {
      Entry entry = (Entry) ref;
      if (live.remove(entry)) {
        report(loop, entry, null);
      }
    }
  }

  /** Reports every failure still unretrieved; the loop is closing. */
  void reportAll(EventLoop loop) {
    reportCollected(loop);
    for (Entry entry : new ArrayList<>(live)) {
      live.remove(entry);
      report(loop, entry, entry.get());
    }
  }

  private static void report(EventLoop loop, Entry entry, Future<?> future) {
    String kind = entry.task ? "Task" : "Future";
    loop.callExceptionHandler(
        new ExceptionContext(
            kind + " exception was never retrieved: " + entry.description,
            entry.failure,
            future,
            null));
  }
}
