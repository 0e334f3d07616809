package dev.yieldfrom.examples.context;

import static dev.yieldfrom.runtime.Async.gather;
import static dev.yieldfrom.runtime.Async.runInExecutor;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.ContextVar;
import dev.yieldfrom.runtime.EventLoop;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A logging MDC per task: the request id lives in a {@link ContextVar}, a {@code java.util.logging}
 * formatter reads it, so every line a request logs carries its id, also from the tasks it
 * starts, the callbacks it schedules and the blocking jobs it hands to the executor, although the
 * requests interleave on one thread.
 */
public final class RequestLogging {
  private RequestLogging() {}

  /** The mapped diagnostic context: here one entry, the request id. */
  static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");

  static final Logger LOG = Logger.getLogger(RequestLogging.class.getName());

  /** Prefixes each line with the request id current where the line was logged. */
  static final class RequestIdFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      return "[" + REQUEST_ID.get() + "] " + formatMessage(record) + System.lineSeparator();
    }
  }

  @Coroutine
  static Co<String> lookUp(String user, double seconds) {
    LOG.info("looking up " + user);
    yieldFrom(sleep(seconds)); // stands in for a database call
    return done(user.toUpperCase());
  }

  @Coroutine
  static Co<String> handle(String requestId, String user, double seconds) {
    REQUEST_ID.set(requestId); // this task's own value: the other requests do not see it
    LOG.info("request for " + user);
    String name = yieldFrom(lookUp(user, seconds));
    String receipt =
        yieldFrom(
            runInExecutor(
                () -> {
                  LOG.info("writing the receipt on a pool thread");
                  return "receipt for " + name;
                }));
    LOG.info("done: " + receipt);
    return done(receipt);
  }

  @Coroutine
  static Co<List<String>> serve() {
    LOG.info("serving");
    List<String> receipts =
        yieldFrom(gather(handle("req-1", "ada", 0.3), handle("req-2", "bob", 0.1), handle("req-3", "cy", 0.2)));
    LOG.info("served " + receipts.size() + " requests");
    return done(receipts);
  }

  /** Sends the logger's lines to {@code handler} alone, formatted with the request id. */
  static void logTo(Handler handler) {
    handler.setFormatter(new RequestIdFormatter());
    LOG.setUseParentHandlers(false);
    for (Handler old : LOG.getHandlers()) {
      LOG.removeHandler(old);
    }
    LOG.addHandler(handler);
  }

  public static void main(String[] args) {
    logTo(new ConsoleHandler());
    EventLoop.run(RequestLoggingCoroutines.serve());
  }
}
