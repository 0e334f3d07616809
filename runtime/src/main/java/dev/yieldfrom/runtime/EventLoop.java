package dev.yieldfrom.runtime;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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

/**
 * A single-threaded event loop modelled on asyncio's: a queue of ready callbacks, a heap of
 * timers, and the tasks that drive coroutines through them.
 *
 * <h2>Iterations</h2>
 *
 * Each iteration takes the callbacks that other threads handed in, waits (if nothing is ready)
 * until the earliest timer is due or another thread hands in a callback, moves the due timers to
 * the ready queue, and then runs exactly the callbacks that were ready at that point; callbacks
 * they schedule run in the next iteration. Callbacks run in the order they were scheduled;
 * timers in order of their due time, ties in the order they were scheduled.
 *
 * <p>Once a channel is {@linkplain #register registered}, the wait is a
 * {@link java.nio.channels.Selector} select (without waiting when callbacks are ready), and the
 * handlers of the channels it finds ready run in the same iteration, after the callbacks handed
 * in, before the due timers.
 *
 * <h2>Threading rules</h2>
 *
 * The loop, its futures, tasks and handles belong to the thread that runs the loop (before it
 * runs, to the thread that creates it). Only these methods may be called from any thread:
 * {@link #callSoonThreadsafe}, {@link #runCoroutineThreadsafe}, {@link #isRunning},
 * {@link #isClosed}, {@link #isVirtualTime}, and {@link #time()} on a loop with a real clock;
 * and the {@link java.util.concurrent.CompletableFuture}s from {@link Future#toCompletableFuture()}.
 * To stop a loop from another thread, call {@code loop.callSoonThreadsafe(loop::stop)}. While the
 * loop runs, {@link #callSoon}, {@link #callLater}, {@link #callAt} and {@link #register} refuse
 * other threads (what they schedule would wait for the loop's next wake-up); in debug mode the
 * loop checks the other methods too.
 *
 * <h2>Virtual time</h2>
 *
 * A loop made by {@link #createVirtual()} has a clock that starts at 0 and stands still while
 * callbacks run; when nothing is ready, it jumps straight to the earliest timer. A test of code
 * that sleeps for an hour runs in milliseconds, in the same order every time. Work outside the
 * loop (executor jobs, awaited {@link CompletionStage}s) takes no virtual time: while any is
 * outstanding the clock does not jump, and the loop waits for it in real time.
 */
public final class EventLoop implements AutoCloseable {
  private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
  private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();
  /** Below this many cancelled timers, they are dropped as they reach the heap's head. */
  private static final int MIN_CANCELLED_TIMERS_TO_PURGE = 100;

  private final boolean virtualTime;
  private final long origin = System.nanoTime();
  private double virtualNow;

  /** Handles and tasks (a task is its own step callback). Loop thread only. */
  private final ArrayDeque<Object> ready = new ArrayDeque<>();
  /** TimerHandles, and tasks sleeping on the heap itself (see {@link Sleep}). */
  private final TimerHeap timers = new TimerHeap();
  private int cancelledTimers;
  private long timerSequence;

  /** Callbacks handed in by other threads, and the wait that they (and channels) end. */
  private final LoopInbox inbox = new LoopInbox(this);

  private volatile boolean running;
  private volatile boolean closed;
  private boolean stopping;
  /**
   * The thread running the loop, or the last one that did (before the first run: the creating
   * thread). Volatile so that another thread's check of it sees the loop's thread once it runs.
   */
  private volatile Thread owner = Thread.currentThread();
  private Task<?> currentTask;
  /** Head of the intrusive list of tasks not done yet. */
  private Task<?> liveTasks;
  /** Executor jobs, awaited stages and loop threads the loop must wait for in real time. */
  private int externalWaits;

  private ExceptionHandler exceptionHandler;
  private System.Logger logger = System.getLogger(EventLoop.class.getName());
  private boolean debug = Boolean.getBoolean("yieldfrom.debug");
  private double slowCallbackDuration = 0.1;
  private UnretrievedFailures unretrievedFailures;
  /** In debug mode: each task created, with the stack where it was created. */
  private Map<Task<?>, CreationSite> createdTasks;
  private long tasksCreated;

  private Executor defaultExecutor;
  private ExecutorService ownedExecutor;

  private EventLoop(boolean virtualTime) {
    this.virtualTime = virtualTime;
  }

  /** A loop whose clock is {@link System#nanoTime()}. */
  public static EventLoop create() {
    return new EventLoop(false);
  }

  /** A loop on virtual time: see the class comment. */
  public static EventLoop createVirtual() {
    return new EventLoop(true);
  }

  /** The loop running on this thread, or null. */
  public static EventLoop running() {
    return RUNNING.get();
  }

  /**
   * The loop running on this thread.
   *
   * @throws IllegalStateException if none is running
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = RUNNING.get();
    if (loop == null) {
      throw new IllegalStateException("no running event loop");
    }
    return loop;
  }

  // ---------------------------------------------------------------- the clock

  /** The loop's clock in seconds: monotonic, with an arbitrary origin (0 for virtual time). */
  public double time() {
    return virtualTime ? virtualNow : (System.nanoTime() - origin) / 1e9;
  }

  public boolean isVirtualTime() {
    return virtualTime;
  }

  // ---------------------------------------------------------------- scheduling

  /** Schedules {@code callback} to run on the next iteration, after those already scheduled. */
  public Handle callSoon(Runnable callback) {
    requireCallback(callback);
    checkLoopThread("callSoon");
    Handle handle = new Handle(callback);
    scheduleHandle(handle);
    return handle;
  }

  /**
   * Like {@link #callSoon}, but callable from any thread: wakes the loop if it is waiting. The
   * returned handle, like the loop, may only be used on the loop's thread.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    requireCallback(callback);
    Handle handle = new Handle(callback);
    if (!offerThreadsafe(handle)) {
      throw closedError();
    }
    return handle;
  }

  /** Schedules {@code callback} to run {@code delaySeconds} from now on the loop's clock. */
  public TimerHandle callLater(double delaySeconds, Runnable callback) {
    if (Double.isNaN(delaySeconds)) {
      throw new IllegalArgumentException("delay is NaN");
    }
    return scheduleTimer(time() + delaySeconds, callback, "callLater");
  }

  public TimerHandle callLater(Duration delay, Runnable callback) {
    return callLater(seconds(delay), callback);
  }

  /** Schedules {@code callback} to run at {@code when} on the loop's clock ({@link #time()}). */
  public TimerHandle callAt(double when, Runnable callback) {
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException("when is NaN");
    }
    return scheduleTimer(when, callback, "callAt");
  }

  private TimerHandle scheduleTimer(double when, Runnable callback, String method) {
    requireCallback(callback);
    ensureOpen();
    checkLoopThread(method);
    long sequence = timerSequence++;
    TimerHandle timer = new TimerHandle(when, sequence, callback, this);
    timer.scheduled = true;
    timers.add(when, sequence, timer);
    return timer;
  }

  /**
   * Puts {@code task} to sleep on the timer heap until {@code when}: at that time it is woken as
   * a timer callback would wake it (its step runs on the next iteration), unless it was woken
   * before (see {@link Task#timerIsStale()}).
   */
  void sleepUntil(Task<?> task, double when) {
    ensureOpen();
    timers.add(when, timerSequence++, task);
  }

  /**
   * Registers {@code channel} with the loop's selector (opened on the first call): from the next
   * iteration on, whenever the channel is ready for an operation of {@code interestOps}, the loop
   * calls {@code handler} on its thread, in the iteration that found it ready. The returned key's
   * attachment is {@code handler}; change the interest with {@link SelectionKey#interestOps(int)},
   * stop with {@link SelectionKey#cancel()}. An exception from the handler goes to the exception
   * handler, as a callback's does. Closing the loop cancels the keys; channels stay open, they are
   * the caller's to close. Loop thread only (or before the loop runs).
   *
   * @throws IllegalStateException on a virtual-time loop, or a closed one
   * @throws java.nio.channels.IllegalBlockingModeException if the channel is in blocking mode
   * @throws ClosedChannelException if the channel is closed
   */
  public SelectionKey register(SelectableChannel channel, int interestOps, IoHandler handler)
      throws ClosedChannelException {
    if (channel == null) {
      throw new NullPointerException("channel");
    }
    if (handler == null) {
      throw new NullPointerException("handler");
    }
    ensureOpen();
    if (virtualTime) {
      throw new IllegalStateException(
          "a virtual-time event loop cannot wait on channels: its clock jumps over idle time,"
              + " which socket I/O does not follow; run code that uses sockets on a loop made by"
              + " EventLoop.create()");
    }
    checkLoopThread("register");
    return channel.register(inbox.selector(), interestOps, handler);
  }

  public <T> Future<T> createFuture() {
    ensureOpen();
    return new Future<>(this);
  }

  /** Wraps {@code coroutine} in a task that starts on the next iteration. */
  public <T> Task<T> createTask(Gen<?, ?, T> coroutine) {
    return createTask(coroutine, null);
  }

  /** Wraps {@code coroutine} in a task named {@code name} that starts on the next iteration. */
  public <T> Task<T> createTask(Gen<?, ?, T> coroutine, String name) {
    ensureOpen();
    checkThread();
    Task<T> task = new Task<>(this, coroutine, name);
    if (debug) {
      if (createdTasks == null) {
        createdTasks = new WeakHashMap<>();
      }
      createdTasks.put(task, new CreationSite(tasksCreated++));
    }
    return task;
  }

  /** The task whose coroutine is running right now on this loop, or null. */
  public Task<?> currentTask() {
    return currentTask;
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the loop until {@code coroutine} finishes, and returns its result or rethrows its
   * exception as-is.
   *
   * @throws IllegalStateException if the loop is closed or running, or another loop is running
   *     on this thread
   */
  public <T> T runUntilComplete(Gen<?, ?, T> coroutine) {
    checkCanRun();
    return runUntilComplete(createTask(coroutine));
  }

  /** Runs the loop until {@code future} is done; returns its result or rethrows its exception. */
  public <T> T runUntilComplete(Future<T> future) {
    checkCanRun();
    if (future.loop() != this) {
      throw new IllegalArgumentException(
          "The future belongs to a different loop than the one runUntilComplete was called on");
    }
    java.util.function.Consumer<Future<T>> stopWhenDone = done -> stop();
    future.addDoneCallback(stopWhenDone);
    try {
      runForever();
    } finally {
      future.removeDoneCallback(stopWhenDone);
    }
    if (!future.isDone()) {
      throw new IllegalStateException("Event loop stopped before Future completed.");
    }
    return future.result();
  }

  /**
   * Runs iterations until {@link #stop()} is called.
   *
   * @throws IllegalStateException if the loop is closed or running, or another loop is running
   *     on this thread
   */
  public void runForever() {
    checkCanRun();
    owner = Thread.currentThread();
    running = true;
    RUNNING.set(this);
    try {
      do {
        runOnce();
      } while (!stopping);
    } finally {
      stopping = false;
      running = false;
      RUNNING.remove();
      if (inbox.takeInterrupt()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Makes the running loop stop after the current iteration; if the loop is not running, the
   * next {@link #runForever()} runs one iteration and returns. Loop thread only.
   */
  public void stop() {
    stopping = true;
  }

  public boolean isRunning() {
    return running;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the loop: failed futures whose exception was never retrieved are reported, pending
   * callbacks and timers are dropped, the selector (if a channel was ever registered) is closed,
   * which cancels its keys but leaves the channels open, and the default executor is shut down
   * (without waiting). Closing twice does nothing.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    if (running) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (closed) {
      return;
    }
    if (createdTasks != null) {
      reportPendingTasks();
    }
    if (unretrievedFailures != null) {
      unretrievedFailures.reportAll(this);
    }
    closed = true;
    try {
      inbox.close();
    } catch (IOException failure) {
      callExceptionHandler(ExceptionContext.of("Error closing the event loop's selector", failure));
    }
    ready.clear();
    timers.clear();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  /** One iteration: see the class comment. */
  private void runOnce() {
    if (unretrievedFailures != null) {
      unretrievedFailures.reportCollected(this);
    }
    purgeCancelledTimers();
    inbox.drainTo(ready);
    inbox.await(ready.isEmpty() && !stopping ? nanosToWait() : 0L, ready);
    double now = time();
    for (Object head; (head = timers.peek()) != null; ) {
      if (head instanceof TimerHandle timer) {
        if (!timer.isCancelled() && timers.peekWhen() > now) {
          break;
        }
        timers.poll();
        timer.scheduled = false;
        if (timer.isCancelled()) {
          cancelledTimers--;
        } else {
          ready.addLast(timer);
        }
      } else {
        Task<?> task = (Task<?>) head;
        boolean stale = task.timerIsStale();
        if (!stale && timers.peekWhen() > now) {
          break;
        }
        timers.poll();
        if (stale) {
          task.staleTimerDropped();
        } else {
          // As a timer callback completing the sleep would: the step runs next iteration.
          task.wakeFromSleep();
          ready.addLast(task);
        }
      }
    }
    for (int n = ready.size(); n > 0; n--) {
      runReady(ready.pollFirst());
    }
  }

  /**
   * With nothing ready: how long to wait for other threads (and channels) before the next timer
   * is due, {@link Long#MAX_VALUE} for no limit. On virtual time, jumps the clock to the next
   * timer instead, unless work outside the loop is outstanding.
   */
  private long nanosToWait() {
    if (timers.isEmpty()) {
      if (virtualTime && externalWaits == 0) {
        throw new IllegalStateException(
            "virtual-time event loop is idle: nothing is ready, no timer is pending and no"
                + " executor job or awaited CompletionStage is outstanding, so nothing can happen"
                + " any more (a coroutine awaits a future that nothing will complete)");
      }
      return Long.MAX_VALUE;
    }
    double nextWhen = timers.peekWhen();
    double delay = nextWhen - time();
    if (delay <= 0) {
      return 0L;
    }
    if (!virtualTime) {
      return (long) Math.ceil(delay * 1e9);
    }
    if (externalWaits > 0) {
      return Long.MAX_VALUE;
    }
    virtualNow = nextWhen;
    return 0L;
  }

  private void runReady(Object item) {
    long started = debug ? System.nanoTime() : 0L;
    if (item instanceof Task<?> task) {
      if (task.wokenFromSleep()) {
        ready.addLast(task); // woken by its timer this iteration: it steps in the next
      } else {
        task.step();
      }
    } else if (item instanceof SelectedKeys keys) {
      keys.dispatch(); // times each handler itself
      return;
    } else {
      Handle handle = (Handle) item;
      try {
        handle.run();
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        callExceptionHandler(
            new ExceptionContext("Exception in callback " + handle, failure, null, handle));
      }
    }
    if (debug) {
      warnIfSlow(started, item);
    }
  }

  private void warnIfSlow(long startedNanos, Object what) {
    double took = (System.nanoTime() - startedNanos) / 1e9;
    if (took >= slowCallbackDuration) {
      logger.log(
          System.Logger.Level.WARNING,
          "Executing " + what + " took " + String.format("%.3f", took) + " seconds");
    }
  }

  /** Runs the handler of a key a select found ready: see {@link #register}. */
  void runIoHandler(SelectionKey key) {
    long started = debug ? System.nanoTime() : 0L;
    Object handler = key.attachment();
    try {
      ((IoHandler) handler).ready(key);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      callExceptionHandler(
          ExceptionContext.of(
              "Exception in I/O handler " + handler + " of " + key.channel(), failure));
    }
    if (debug) {
      warnIfSlow(started, handler);
    }
  }

  private void purgeCancelledTimers() {
    if (cancelledTimers > MIN_CANCELLED_TIMERS_TO_PURGE && cancelledTimers * 2 > timers.size()) {
      timers.removeIf(
          item -> {
            if (item instanceof TimerHandle timer && timer.isCancelled()) {
              timer.scheduled = false;
              return true;
            }
            return false;
          });
      cancelledTimers = 0;
    }
  }

  void timerCancelled() {
    cancelledTimers++;
  }

  // ---------------------------------------------------------------- other threads

  /** Hands {@code handle} to the loop from any thread; false if the loop is closed. */
  private boolean offerThreadsafe(Handle handle) {
    return inbox.offer(handle);
  }

  /** Cancels {@code future} on the loop, from any thread; does nothing once the loop closed. */
  void cancelThreadsafe(Future<?> future) {
    offerThreadsafe(new Handle(future::cancel));
  }

  /**
   * Submits {@code coroutine} to this loop from any thread (asyncio's
   * {@code run_coroutine_threadsafe}): a task is created for it on the loop, and the returned
   * future completes with the task's outcome. Cancelling the returned future cancels the task.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> runCoroutineThreadsafe(Gen<?, ?, T> coroutine) {
    return runCoroutineThreadsafe(coroutine, task -> {});
  }

  /** Like the public one; {@code onCreated} sees the task on the loop's thread. */
  <T> CompletableFuture<T> runCoroutineThreadsafe(
      Gen<?, ?, T> coroutine, java.util.function.Consumer<Task<T>> onCreated) {
    if (coroutine == null) {
      throw new NullPointerException("coroutine");
    }
    CompletableFuture<T> outcome = new CompletableFuture<>();
    callSoonThreadsafe(
        () -> {
          if (outcome.isDone()) {
            coroutine.close();
            return;
          }
          Task<T> task;
          try {
            task = createTask(coroutine);
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

  /**
   * A future of this loop that completes, on the loop, when {@code stage} does; cancelling the
   * future cancels {@code stage} if it is a {@link java.util.concurrent.Future}. A
   * {@link CompletionException} is unwrapped, a {@link CancellationException} cancels the future.
   */
  public <T> Future<T> wrap(CompletionStage<T> stage) {
    if (stage == null) {
      throw new NullPointerException("stage");
    }
    ensureOpen();
    checkThread();
    Future<T> future = new Future<>(this);
    externalWaits++;
    future.addDoneCallback(
        done -> {
          externalWaits--;
          if (done.isCancelled() && stage instanceof java.util.concurrent.Future<?> cancellable) {
            cancellable.cancel(false);
          }
        });
    stage.whenComplete(
        (value, failure) ->
            offerThreadsafe(
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

  /** Runs {@code job} on the default executor; see {@link #runInExecutor(Executor, Callable)}. */
  public <T> Future<T> runInExecutor(Callable<T> job) {
    return runInExecutor(null, job);
  }

  /**
   * Runs the blocking {@code job} on {@code executor} (the default one if null) and returns a
   * future of this loop that completes with its outcome, delivered on the loop's thread.
   * Cancelling the future keeps the job from starting if it has not started yet; a running job
   * is not interrupted.
   */
  public <T> Future<T> runInExecutor(Executor executor, Callable<T> job) {
    if (job == null) {
      throw new NullPointerException("job");
    }
    Executor target = executor != null ? executor : defaultExecutor();
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Future<T> future = wrap(outcome);
    try {
      target.execute(
          () -> {
            if (outcome.isDone()) {
              return;
            }
            try {
              outcome.complete(job.call());
            } catch (Throwable failure) {
              outcome.completeExceptionally(failure);
            }
          });
    } catch (RejectedExecutionException rejected) {
      outcome.completeExceptionally(rejected);
    }
    return future;
  }

  /** Replaces the executor used by {@link #runInExecutor(Callable)}; null restores the default. */
  public void setDefaultExecutor(Executor executor) {
    defaultExecutor = executor;
  }

  private Executor defaultExecutor() {
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

  /** Keeps a virtual-time loop waiting in real time for work that other threads will hand in. */
  void holdForExternalWork() {
    externalWaits++;
  }

  void releaseExternalWork() {
    externalWaits--;
  }

  // ---------------------------------------------------------------- errors and debugging

  void taskStarted(Task<?> task) {
    task.nextLive = liveTasks;
    if (liveTasks != null) {
      liveTasks.previousLive = task;
    }
    liveTasks = task;
  }

  void taskDone(Task<?> task) {
    if (task.previousLive != null) {
      task.previousLive.nextLive = task.nextLive;
    } else if (liveTasks == task) {
      liveTasks = task.nextLive;
    }
    if (task.nextLive != null) {
      task.nextLive.previousLive = task.previousLive;
    }
    task.previousLive = null;
    task.nextLive = null;
  }

  /** The tasks of this loop that are not done, oldest first (asyncio's {@code all_tasks}). */
  public java.util.List<Task<?>> allTasks() {
    java.util.List<Task<?>> tasks = new java.util.ArrayList<>();
    for (Task<?> task = liveTasks; task != null; task = task.nextLive) {
      tasks.add(task);
    }
    java.util.Collections.reverse(tasks);
    return tasks;
  }

  /**
   * For diagnosing a hang: every pending task, what it waits for, and where each coroutine of its
   * {@code yieldFrom} chain is suspended, with source lines. Call it from the loop's thread (from
   * another thread: {@code callSoonThreadsafe(() -> System.err.println(loop.dumpTasks()))}).
   */
  public String dumpTasks() {
    StringBuilder out = new StringBuilder();
    java.util.List<Task<?>> tasks = allTasks();
    out.append(tasks.size()).append(tasks.size() == 1 ? " pending task" : " pending tasks");
    for (Task<?> task : tasks) {
      out.append("\n  ").append(task.describeWait());
    }
    return out.toString();
  }

  /** Replaces the exception handler; null restores {@link #defaultExceptionHandler}. */
  public void setExceptionHandler(ExceptionHandler handler) {
    exceptionHandler = handler;
  }

  public ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Hands {@code context} to the exception handler. If the handler itself throws, both are
   * logged by the default handler.
   */
  public void callExceptionHandler(ExceptionContext context) {
    ExceptionHandler handler = exceptionHandler;
    if (handler == null) {
      defaultExceptionHandler(context);
      return;
    }
    try {
      handler.handle(this, context);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      defaultExceptionHandler(
          ExceptionContext.of("Unhandled error in exception handler", failure));
      defaultExceptionHandler(context);
    }
  }

  /** Logs {@code context} at ERROR level through the loop's {@link System.Logger}. */
  public void defaultExceptionHandler(ExceptionContext context) {
    StringBuilder message = new StringBuilder(context.message());
    if (context.future() != null) {
      message.append("\n  future: ").append(context.future());
    }
    if (context.handle() != null) {
      message.append("\n  handle: ").append(context.handle());
    }
    if (context.exception() != null) {
      logger.log(System.Logger.Level.ERROR, message.toString(), context.exception());
    } else {
      logger.log(System.Logger.Level.ERROR, message.toString());
    }
  }

  /** The logger for the default exception handler and debug warnings. */
  public System.Logger logger() {
    return logger;
  }

  public void setLogger(System.Logger logger) {
    if (logger == null) {
      throw new NullPointerException("logger");
    }
    this.logger = logger;
  }

  public boolean isDebug() {
    return debug;
  }

  /**
   * Debug mode (also on when the system property {@code yieldfrom.debug} is true): callbacks
   * slower than {@link #slowCallbackDuration()} are logged; non-thread-safe methods called from
   * another thread than the running loop's fail; tasks still pending when the loop closes are
   * reported, those that never ran with the place where they were created.
   */
  public void setDebug(boolean enabled) {
    debug = enabled;
  }

  public double slowCallbackDuration() {
    return slowCallbackDuration;
  }

  /** The real time in seconds a callback may take in debug mode before it is logged. */
  public void setSlowCallbackDuration(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("slow callback duration must be >= 0: " + seconds);
    }
    slowCallbackDuration = seconds;
  }

  /** Where a task was created: reported if it never runs. */
  private static final class CreationSite extends Throwable {
    private static final long serialVersionUID = 1L;
    final long order;

    CreationSite(long order) {
      super("the task was created here");
      this.order = order;
    }
  }

  private void reportPendingTasks() {
    List<Map.Entry<Task<?>, CreationSite>> pending = new ArrayList<>();
    for (Map.Entry<Task<?>, CreationSite> entry : createdTasks.entrySet()) {
      if (!entry.getKey().isDone()) {
        pending.add(entry);
      }
    }
    pending.sort(Comparator.comparingLong(entry -> entry.getValue().order));
    for (Map.Entry<Task<?>, CreationSite> entry : pending) {
      Task<?> task = entry.getKey();
      if (task.isStarted()) {
        callExceptionHandler(
            new ExceptionContext(
                "Task was destroyed but it is pending: the loop closed before it finished",
                null,
                task,
                null));
      } else {
        callExceptionHandler(
            new ExceptionContext(
                "coroutine "
                    + task.coroutine().getClass().getName()
                    + " was never run: its task was created but the loop closed first",
                entry.getValue(),
                task,
                null));
      }
    }
    createdTasks = null;
  }

  UnretrievedFailures unretrievedFailures() {
    if (unretrievedFailures == null) {
      unretrievedFailures = new UnretrievedFailures();
    }
    return unretrievedFailures;
  }

  // ---------------------------------------------------------------- for futures and tasks

  void scheduleHandle(Handle handle) {
    ensureOpen();
    checkThread();
    ready.addLast(handle);
  }

  void scheduleTaskStep(Task<?> task) {
    ensureOpen();
    ready.addLast(task);
  }

  Task<?> enterTask(Task<?> task) {
    Task<?> previous = currentTask;
    currentTask = task;
    return previous;
  }

  void leaveTask(Task<?> previous) {
    currentTask = previous;
  }

  private void checkCanRun() {
    ensureOpen();
    if (running) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (RUNNING.get() != null) {
      throw new IllegalStateException("Cannot run the event loop while another loop is running");
    }
  }

  private void checkThread() {
    if (debug && running && Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "Non-thread-safe operation invoked on an event loop other than the current one");
    }
  }

  /**
   * Refuses {@code method} from a thread other than the running loop's: nothing would wake the
   * loop to run what it scheduled. One comparison on the loop's own thread.
   */
  private void checkLoopThread(String method) {
    if (Thread.currentThread() != owner) {
      refuseForeignThread(method);
    }
  }

  private void refuseForeignThread(String method) {
    if (running) {
      throw new IllegalStateException(
          method
              + "() called from thread \""
              + Thread.currentThread().getName()
              + "\" while the event loop runs on thread \""
              + owner.getName()
              + "\": the loop would not wake up to run it. From other threads, use"
              + " callSoonThreadsafe(), e.g. loop.callSoonThreadsafe(() -> loop."
              + method
              + "(...))");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("Event loop is closed");
  }

  private static void requireCallback(Runnable callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
  }

  static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }

  @Override
  public String toString() {
    return "EventLoop<"
        + (closed ? "closed" : running ? "running" : "idle")
        + (virtualTime ? " virtual" : "")
        + (debug ? " debug" : "")
        + ">";
  }
}
