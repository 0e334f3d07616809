package dev.yieldfrom.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Runs every example, each under its Python program's name. */
public final class RunAll {
  private RunAll() {}

  /** The examples by the name of the Python program each one ports. */
  static Map<String, Consumer<String[]>> examples() {
    Map<String, Consumer<String[]>> examples = new LinkedHashMap<>();
    examples.put("asyncio_coroutine", AsyncioCoroutine::main);
    examples.put("asyncio_coroutine_return", AsyncioCoroutineReturn::main);
    examples.put("asyncio_coroutine_chain", AsyncioCoroutineChain::main);
    examples.put("asyncio_generator", AsyncioGenerator::main);
    examples.put("asyncio_call_soon", AsyncioCallSoon::main);
    examples.put("asyncio_call_later", AsyncioCallLater::main);
    examples.put("asyncio_call_at", AsyncioCallAt::main);
    examples.put("asyncio_future_event_loop", AsyncioFutureEventLoop::main);
    examples.put("asyncio_future_await", AsyncioFutureAwait::main);
    examples.put("asyncio_future_callback", AsyncioFutureCallback::main);
    examples.put("asyncio_create_task", AsyncioCreateTask::main);
    examples.put("asyncio_cancel_task", AsyncioCancelTask::main);
    examples.put("asyncio_cancel_task2", AsyncioCancelTask2::main);
    examples.put("asyncio_ensure_future", AsyncioEnsureFuture::main);
    examples.put("asyncio_wait", AsyncioWait::main);
    examples.put("asyncio_wait_timeout", AsyncioWaitTimeout::main);
    examples.put("asyncio_gather", AsyncioGather::main);
    examples.put("asyncio_as_completed", AsyncioAsCompleted::main);
    examples.put("asyncio_lock", AsyncioLock::main);
    examples.put("asyncio_event", AsyncioEvent::main);
    examples.put("asyncio_condition", AsyncioCondition::main);
    examples.put("asyncio_queue", AsyncioQueue::main);
    return examples;
  }

  public static void main(String[] args) {
    for (Map.Entry<String, Consumer<String[]>> example : examples().entrySet()) {
      System.out.println("== " + example.getKey() + " ==");
      example.getValue().accept(new String[0]);
      System.out.println();
    }
  }
}
