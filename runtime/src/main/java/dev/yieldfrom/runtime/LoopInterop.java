package dev.yieldfrom.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A loop's bridges to the threads around it: {@link CompletionStage}s awaited on the loop,
 * coroutines submitted from other threads, and blocking jobs on executors. Every outcome crosses
 * to the loop's thread through its {@link LoopInbox}.
 */
final class LoopInterop {
  private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();

  private final EventLoop loop;
  private Executor defaultExecutor;
  /** The default executor when the user set none: made on first use, shut down on close. */
  private ExecutorService ownedExecutor;
  private boolean defaultExecutorShutDown;

  LoopInterop(EventLoop loop) {
    this.loop = loop;
  }

  /** See {@link EventLoop#wrap}. */
  <T> Future<T> wrap(CompletionStage<T> stage) {
    if (stage == null) {
      throw new NullPointerException("stage");
    }
    loop.ensureOpen();
    loop.checkThread();
    Future<T> future = new Future<>(loop);
    loop.clock.holdForExternalWork();
    future.addDoneCallback(
        done -> {
          loop.clock.releaseExternalWork();
          if (done.isCancelled() && stage instanceof java.util.concurrent.Future<?> cancellable) {
            cancellable.cancel(false);
          }
        });
    stage.whenComplete(
        (value, failure) ->
            loop.inbox.offer(
                new Handle(
                    () -> {
                      if (future.isDone()) {
                        return;
                      }
                      Throwable cause = failure;
                      while (cause instanceof CompletionException && cause.getCause() != null) {
                        cause = cause.getCause();
                      }
                      if (cause == null) {
                        future.setResult(value);
                      } else if (cause instanceof CancellationException) {
                        future.cancel();
                      } else {
                        future.setException(cause);
                      }
                    })));
    return future;
  }

  /** See {@link EventLoop#runCoroutineThreadsafe}; {@code onCreated} sees the task on the loop. */
  <T> CompletableFuture<T> runCoroutineThreadsafe(
      Gen<?, ?, T> coroutine, Consumer<Task<T>> onCreated) {
    if (coroutine == null) {
      throw new NullPointerException("coroutine");
    }
    CompletableFuture<T> outcome = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          if (outcome.isDone()) {
            coroutine.close();
            return;
          }
          Task<T> task;
          try {
            task = loop.createTask(coroutine);
          } catch (RuntimeException failure) {
            outcome.completeExceptionally(failure);
            return;
          }
          onCreated.accept(task);
          task.addDoneCallback(done -> copyOutcome(done, outcome));
          outcome.whenComplete(
              (value, failure) -> {
                if (outcome.isCancelled()) {
                  cancelThreadsafe(task);
                }
              });
        });
    return outcome;
  }

  /** Cancels {@code future} on the loop, from any thread; does nothing once the loop closed. */
  void cancelThreadsafe(Future<?> future) {
    loop.inbox.offer(new Handle(future::cancel));
  }

  static <T> void copyOutcome(Future<T> done, CompletableFuture<T> into) {
    if (done.isCancelled()) {
      into.cancel(false);
      return;
    }
    Throwable failure = done.exception();
    if (failure != null) {
      into.completeExceptionally(failure);
    } else {
      into.complete(done.resultNow());
    }
  }

  /** See {@link EventLoop#runInExecutor(Executor, Callable)}. */
  <T> Future<T> runInExecutor(Executor executor, Callable<T> job) {
    if (job == null) {
      throw new NullPointerException("job");
    }
    Executor target = executor != null ? executor : defaultExecutor();
    Callable<T> inContext = Context.bind(job); // the job sees its task's ContextVar values
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Future<T> future = wrap(outcome);
    try {
      target.execute(
          () -> {
            if (outcome.isDone()) {
              return;
            }
            try {
              outcome.complete(inContext.call());
            } catch (Throwable failure) {
              outcome.completeExceptionally(failure);
            }
          });
    } catch (RejectedExecutionException rejected) {
      outcome.completeExceptionally(rejected);
    }
    return future;
  }

  void setDefaultExecutor(Executor executor) {
    defaultExecutor = executor;
  }

  /** See {@link EventLoop#shutdownDefaultExecutor(double)}. */
  Future<Void> shutdownDefaultExecutor(double timeoutSeconds) {
    defaultExecutorShutDown = true;
    ExecutorService pool =
        defaultExecutor instanceof ExecutorService given
            ? given
            : defaultExecutor == null ? ownedExecutor : null;
    if (pool == null) {
      Future<Void> done = new Future<>(loop);
      done.setResult(null);
      return done;
    }
    pool.shutdown();
    CompletableFuture<Void> joined = new CompletableFuture<>();
    Thread joiner =
        new Thread(
            () -> {
              try {
                if (!pool.awaitTermination((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS)) {
                  loop.logger()
                      .log(
                          System.Logger.Level.WARNING,
                          "The executor did not finish joining its threads within "
                              + timeoutSeconds
                              + " seconds.");
                }
                joined.complete(null);
              } catch (InterruptedException interrupted) {
                joined.completeExceptionally(interrupted);
              }
            },
            "yieldfrom-executor-shutdown");
    joiner.setDaemon(true);
    joiner.start();
    return wrap(joined);
  }

  private Executor defaultExecutor() {
    if (defaultExecutorShutDown) {
      throw new IllegalStateException("Executor shutdown has been called");
    }
    if (defaultExecutor != null) {
      return defaultExecutor;
    }
    if (ownedExecutor == null) {
      // As asyncio's default: threads for blocking I/O, made on demand, at most 32.
      int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              job -> {
                Thread t = new Thread(job, "yieldfrom-executor-" + EXECUTOR_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      ownedExecutor = pool;
    }
    return ownedExecutor;
  }

  /** The loop is closing: shuts the owned default executor down, without waiting. */
  void shutdownOwnedExecutor() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }
}
