package dev.yieldfrom.runtime;

import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The keys one select of the loop found ready, run as a single entry of that iteration's batch
 * (where asyncio's {@code _process_events} puts its reader and writer callbacks). One instance per
 * loop, refilled by every select: an I/O event costs no allocation.
 */
final class SelectedKeys extends LoopCallback implements Consumer<SelectionKey> {
  private final EventLoop loop;
  private SelectionKey[] keys = new SelectionKey[16];
  private int count;

  SelectedKeys(EventLoop loop) {
    this.loop = loop;
  }

  /** Called by {@link java.nio.channels.Selector#select(Consumer, long)} for each ready key. */
  @Override
  public void accept(SelectionKey key) {
    if (count == keys.length) {
      keys = Arrays.copyOf(keys, count * 2);
    }
    keys[count++] = key;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /**
   * Runs the handler of each key selected, in the order the selector reported them, skipping keys
   * cancelled since (by an earlier handler of this batch, or by closing their channel). A handler's
   * exception goes to the loop's exception handler, as a callback's does.
   */
  @Override
  void runOnLoop(EventLoop loop) {
    int n = count;
    count = 0;
    for (int i = 0; i < n; i++) {
      SelectionKey key = keys[i];
      keys[i] = null;
      if (key.isValid()) {
        runHandler(key);
      }
    }
  }

  private void runHandler(SelectionKey key) {
    boolean debug = loop.diagnostics.debug;
    long started = debug ? System.nanoTime() : 0L;
    Object handler = key.attachment();
    try {
      ((IoHandler) handler).ready(key);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      loop.callExceptionHandler(
          ExceptionContext.of(
              "Exception in I/O handler " + handler + " of " + key.channel(), failure));
    }
    if (debug) {
      loop.diagnostics.warnIfSlow(started, handler);
    }
  }

  @Override
  public String toString() {
    return "SelectedKeys<" + count + ">";
  }
}
