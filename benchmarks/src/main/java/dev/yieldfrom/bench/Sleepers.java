package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Results.put;

import dev.yieldfrom.bench.kotlin.KotlinPeers;
import dev.yieldfrom.runtime.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * (5) The async-runtimes memory benchmark: N concurrent tasks each sleeping S seconds of real
 * time, then awaited one after the other; prints the wall time and the whole process's peak RSS
 * (VmHWM). {@code yieldfrom}: N tasks on one event loop. {@code virtual}: N virtual threads in
 * Thread.sleep, joined (the published Java program). {@code kotlin}: N coroutines in delay() on
 * kotlinx.coroutines' runBlocking loop, joined.
 *
 * <p>Usage: {@code Sleepers yieldfrom|virtual|kotlin N SECONDS KEY}
 */
public final class Sleepers {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int n = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    String key = args.length > 3 ? args[3] : "sleepers." + mode;
    long start = System.nanoTime();
    int finished;
    switch (mode) {
      case "yieldfrom" -> {
        try (EventLoop loop = EventLoop.create()) {
          finished = loop.runUntilComplete(TemplatesCoroutines.sleepers(n, seconds));
        }
      }
      case "virtual" -> {
        ThreadFactory factory = VirtualThreads.factory();
        if (factory == null) {
          put(key + ".skipped", VirtualThreads.whyNot());
          return;
        }
        long millis = (long) (seconds * 1000);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Thread t =
              factory.newThread(
                  () -> {
                    try {
                      Thread.sleep(millis);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          t.start();
          threads.add(t);
        }
        for (Thread t : threads) {
          t.join();
        }
        finished = threads.size();
      }
      case "kotlin" -> finished = KotlinPeers.sleepers(n, (long) (seconds * 1000));
      default -> throw new IllegalArgumentException("yieldfrom, virtual or kotlin: " + mode);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (finished != n) {
      throw new AssertionError(finished + " of " + n + " finished");
    }
    put(key + ".wallSeconds", wall);
    put(key + ".peakRssMB", Results.peakRss() / 1048576.0);
  }
}
