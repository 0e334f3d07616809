package dev.yieldfrom.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.runtime.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's program prints what README says it prints, on virtual time. */
class CrawlTest {
  @Test
  void printsWhatReadmeShows() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<String> pages;
    double elapsed;
    try (EventLoop loop = EventLoop.createVirtual()) {
      pages = loop.runUntilComplete(CrawlCoroutines.crawl());
      elapsed = loop.time();
    } finally {
      System.setOut(original);
    }
    assertEquals(
        "fetching slow.example\nfetching a.example\nfetching b.example\ngave up on slow.example\n",
        captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    assertEquals(List.of("a.example took 0.2 s", "b.example took 0.1 s"), pages);
    assertEquals(0.7, elapsed, 1e-9); // 0.2 s for gather, then the 0.5 s timeout
  }
}
