package dev.yieldfrom.examples.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.runtime.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Every line a request logs carries its own id, though the requests interleave. */
class RequestLoggingTest {
  @Test
  void eachRequestLogsUnderItsOwnId() {
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    RequestLogging.logTo(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(getFormatter().format(record).strip());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    List<String> receipts;
    try (EventLoop loop = EventLoop.createVirtual()) {
      receipts = loop.runUntilComplete(RequestLoggingCoroutines.serve());
    }
    assertEquals(List.of("receipt for ADA", "receipt for BOB", "receipt for CY"), receipts);
    assertEquals(
        List.of(
            "[-] serving",
            "[req-1] request for ada",
            "[req-1] looking up ada",
            "[req-2] request for bob",
            "[req-2] looking up bob",
            "[req-3] request for cy",
            "[req-3] looking up cy",
            "[req-2] writing the receipt on a pool thread",
            "[req-2] done: receipt for BOB",
            "[req-3] writing the receipt on a pool thread",
            "[req-3] done: receipt for CY",
            "[req-1] writing the receipt on a pool thread",
            "[req-1] done: receipt for ADA",
            "[-] served 3 requests"),
        lines);
  }
}
