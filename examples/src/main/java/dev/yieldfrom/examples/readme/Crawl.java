package dev.yieldfrom.examples.readme;

import static dev.yieldfrom.runtime.Async.createTask;
import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Task;
import dev.yieldfrom.runtime.TimeoutException;
import java.util.ArrayList;
import java.util.List;

/** The program README.md shows: tasks, gather and a timeout. */
public class Crawl {
  @Coroutine
  static Co<String> fetch(String url, double seconds) {
    System.out.println("fetching " + url);
    yieldFrom(sleep(seconds)); // stands in for real I/O
    return done(url + " took " + seconds + " s");
  }

  @Coroutine
  static Co<List<String>> crawl() {
    Task<String> slow = createTask(fetch("slow.example", 5.0));
    List<String> pages =
        new ArrayList<>(yieldFrom(gather(fetch("a.example", 0.2), fetch("b.example", 0.1))));
    try {
      pages.add(yieldFrom(waitFor(slow, 0.5)));
    } catch (TimeoutException e) {
      System.out.println("gave up on slow.example");
    }
    return done(pages);
  }

  public static void main(String[] args) {
    System.out.println(EventLoop.run(CrawlCoroutines.crawl())); // asyncio.run(crawl())
  }
}
