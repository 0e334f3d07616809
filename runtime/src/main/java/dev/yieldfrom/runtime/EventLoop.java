package dev.yieldfrom.runtime;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

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
  /** Real or virtual time, and the virtual clock's jumps. */
  final LoopClock clock;

  /** Handles and tasks (a task is its own step callback). Loop thread only. */
  private final ArrayDeque<LoopCallback> ready = new ArrayDeque<>();
  /** TimerHandles, and tasks sleeping on the heap itself (see {@link Sleep}). */
  final TimerHeap timers = new TimerHeap();
  private long timerSequence;

  /** Callbacks handed in by other threads, and the wait that they (and channels) end. */
  final LoopInbox inbox = new LoopInbox(this);
  final LoopInterop interop = new LoopInterop(this);
  final TaskRegistry tasks = new TaskRegistry();
  final LoopDiagnostics diagnostics = new LoopDiagnostics(this);

  /** The loop's thread, whether the loop runs, and the checks that refuse other threads. */
  private final LoopOwner owner = new LoopOwner();
  private volatile boolean closed;
  private boolean stopping;

  private EventLoop(boolean virtualTime) {
    this.clock = new LoopClock(virtualTime);
  }

  /** A loop whose clock is {@link System#nanoTime()}. */
  public static EventLoop create() {
    return new EventLoop(false);
  }

  /** A loop on virtual time: see the class comment. */
  public static EventLoop createVirtual() {
    return new EventLoop(true);
  }

  /**
   * Runs {@code main} on a new loop and returns its result or rethrows its exception, as
   * asyncio.run: when {@code main} is done, the tasks still pending are cancelled and run until
   * they finish (their {@code finally} blocks run), the default executor is shut down and waited
   * for ({@link #shutdownDefaultExecutor()}), and the loop is closed.
   *
   * @throws IllegalStateException if a loop is running on this thread
   */
  public static <T> T run(Gen<?, ?, T> main) {
    return Runner.run(main, EventLoop::create);
  }

  /**
   * {@link #run(Gen)} on a loop made by {@code loopFactory} (asyncio.run's loop_factory), such as
   * {@code EventLoop::createVirtual}.
   */
  public static <T> T run(Gen<?, ?, T> main, java.util.function.Supplier<EventLoop> loopFactory) {
    return Runner.run(main, loopFactory);
  }

  /** The loop running on this thread, or null. */
  public static EventLoop running() {
    return LoopOwner.RUNNING.get();
  }

  /**
   * The loop running on this thread.
   *
   * @throws IllegalStateException if none is running
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = LoopOwner.RUNNING.get();
    if (loop == null) {
      throw new IllegalStateException("no running event loop");
    }
    return loop;
  }

  // ---------------------------------------------------------------- the clock

  /** The loop's clock in seconds: monotonic, with an arbitrary origin (0 for virtual time). */
  public double time() {
    return clock.now();
  }

  public boolean isVirtualTime() {
    return clock.virtual;
  }

  // ---------------------------------------------------------------- scheduling

  /** Schedules {@code callback} to run on the next iteration, after those already scheduled. */
  public Handle callSoon(Runnable callback) {
    requireCallback(callback);
    owner.checkLoopThread("callSoon");
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
    if (!inbox.offer(handle)) {
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
    return callLater(LoopClock.seconds(delay), callback);
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
    owner.checkLoopThread(method);
    long sequence = timerSequence++;
    TimerHandle timer = new TimerHandle(when, sequence, callback, this);
    timer.scheduled = true;
    timers.add(when, sequence, timer);
    return timer;
  }

  /**
   * Puts {@code task} to sleep on the timer heap until {@code when}: at that time it is woken as
   * a timer callback would wake it (its step runs on the next iteration), unless it was woken
   * before (see {@link Task#isStaleTimer()}).
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
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    clock.refuseChannels();
    owner.checkLoopThread("register");
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
    if (diagnostics.debug) {
      tasks.recordCreation(task);
    }
    return task;
  }

  /** The task whose coroutine is running right now on this loop, or null. */
  public Task<?> currentTask() {
    return tasks.current();
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
    Consumer<Future<T>> stopWhenDone = done -> stop();
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
    owner.enter(this);
    try {
      do {
        runOnce();
      } while (!stopping);
    } finally {
      stopping = false;
      owner.exit();
      if (inbox.takeInterrupt()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- driving virtual time

  /**
   * On a virtual-time loop, runs everything due within the next {@code seconds} (callbacks,
   * tasks, timers, and what they schedule), including what is due at exactly that time, and
   * leaves the clock {@code seconds} later, as Kotlin's {@code advanceTimeBy} followed by
   * {@code runCurrent}; {@code advance(0)} runs only what is due now. Executor jobs and awaited
   * stages are waited for in real time, as while the loop runs. Tasks keep their state between
   * calls, so a test can look at them at each point in time.
   *
   * @throws IllegalStateException if the loop is not virtual, or closed or running
   * @throws IllegalArgumentException if {@code seconds} is negative or NaN
   */
  public void advance(double seconds) {
    advanceTo(clock.advanceTarget(seconds));
  }

  /**
   * On a virtual-time loop, runs until nothing is left to do: nothing ready, no timer pending and
   * no executor job or awaited stage outstanding (Kotlin's {@code advanceUntilIdle}). Tasks that
   * wait for a future nothing will complete stay pending.
   *
   * @throws IllegalStateException if the loop is not virtual, or closed or running
   */
  public void advanceUntilIdle() {
    clock.requireVirtual("advanceUntilIdle");
    advanceTo(Double.POSITIVE_INFINITY);
  }

  private void advanceTo(double when) {
    checkCanRun();
    clock.advancingTo = when;
    try {
      runForever();
    } finally {
      clock.advancingTo = Double.NaN;
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
    return owner.running;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the loop: every task still pending is reported to the exception handler (asyncio's
   * "Task was destroyed but it is pending!"; in debug mode with where it was created), as are
   * failed futures whose exception was never retrieved; pending callbacks and timers are dropped,
   * the selector (if a channel was ever registered) is closed, which cancels its keys but leaves
   * the channels open, and the default executor is shut down (without waiting). The dropped
   * tasks' {@code finally} blocks do not run: {@link #run(Gen)} cancels and finishes them before
   * it closes. Closing twice does nothing.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    if (owner.running) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (closed) {
      return;
    }
    tasks.reportPending(diagnostics);
    diagnostics.reportAllFailures();
    closed = true;
    try {
      inbox.close();
    } catch (IOException failure) {
      callExceptionHandler(ExceptionContext.of("Error closing the event loop's selector", failure));
    }
    ready.clear();
    timers.clear();
    interop.shutdownOwnedExecutor();
  }

  /** One iteration: see the class comment. */
  private void runOnce() {
    diagnostics.reportCollectedFailures();
    timers.purgeIfMostlyCancelled();
    inbox.drainTo(ready);
    inbox.await(ready.isEmpty() && !stopping ? nanosToWait() : 0L, ready);
    timers.moveDue(clock.now(), ready);
    for (int n = ready.size(); n > 0; n--) {
      runReady(ready.pollFirst());
    }
  }

  /** With nothing ready: how long to wait, or 0 to stop where {@link #advance} runs to. */
  private long nanosToWait() {
    timers.dropStaleHeads();
    if (clock.reachedAdvanceTarget(timers)) {
      stopping = true;
      return 0L;
    }
    return clock.nanosToWait(timers);
  }

  private void runReady(LoopCallback entry) {
    if (!diagnostics.debug) {
      entry.runOnLoop(this);
    } else {
      diagnostics.runTimed(entry);
    }
  }

  // ---------------------------------------------------------------- other threads

  /**
   * Submits {@code coroutine} to this loop from any thread (asyncio's
   * {@code run_coroutine_threadsafe}): a task is created for it on the loop, and the returned
   * future completes with the task's outcome. Cancelling the returned future cancels the task.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> runCoroutineThreadsafe(Gen<?, ?, T> coroutine) {
    return interop.runCoroutineThreadsafe(coroutine, task -> {});
  }

  /**
   * A future of this loop that completes, on the loop, when {@code stage} does; cancelling the
   * future cancels {@code stage} if it is a {@link java.util.concurrent.Future}. A
   * {@link java.util.concurrent.CompletionException} is unwrapped, a
   * {@link java.util.concurrent.CancellationException} cancels the future.
   */
  public <T> Future<T> wrap(CompletionStage<T> stage) {
    return interop.wrap(stage);
  }

  /** Runs {@code job} on the default executor; see {@link #runInExecutor(Executor, Callable)}. */
  public <T> Future<T> runInExecutor(Callable<T> job) {
    return interop.runInExecutor(null, job);
  }

  /**
   * Runs the blocking {@code job} on {@code executor} (the default one if null) and returns a
   * future of this loop that completes with its outcome, delivered on the loop's thread.
   * Cancelling the future keeps the job from starting if it has not started yet; a running job
   * is not interrupted. The job runs with the {@link ContextVar} values current here (as
   * asyncio's {@code to_thread}); what it sets stays in the job.
   */
  public <T> Future<T> runInExecutor(Executor executor, Callable<T> job) {
    return interop.runInExecutor(executor, job);
  }

  /** Replaces the executor used by {@link #runInExecutor(Callable)}; null restores the default. */
  public void setDefaultExecutor(Executor executor) {
    interop.setDefaultExecutor(executor);
  }

  /**
   * asyncio's {@code shutdown_default_executor}: shuts the default executor down (the loop's own
   * pool, or the one given to {@link #setDefaultExecutor} if it is an {@link ExecutorService}) and
   * returns a future that is done once its jobs have finished, or after 300 seconds with a
   * warning. Afterwards {@link #runInExecutor(Callable)} raises {@link IllegalStateException}.
   */
  public Future<Void> shutdownDefaultExecutor() {
    return shutdownDefaultExecutor(300);
  }

  /** {@link #shutdownDefaultExecutor()} waiting at most {@code timeoutSeconds}. */
  public Future<Void> shutdownDefaultExecutor(double timeoutSeconds) {
    ensureOpen();
    checkThread();
    return interop.shutdownDefaultExecutor(timeoutSeconds);
  }

  // ---------------------------------------------------------------- tasks and diagnostics

  /** The tasks of this loop that are not done, oldest first (asyncio's {@code all_tasks}). */
  public List<Task<?>> allTasks() {
    return tasks.all();
  }

  /**
   * For diagnosing a hang: every pending task, what it waits for, and where each coroutine of its
   * {@code yieldFrom} chain is suspended, with source lines. Call it from the loop's thread (from
   * another thread: {@code callSoonThreadsafe(() -> System.err.println(loop.dumpTasks()))}).
   */
  public String dumpTasks() {
    return tasks.dump();
  }

  /** Replaces the exception handler; null restores {@link #defaultExceptionHandler}. */
  public void setExceptionHandler(ExceptionHandler handler) {
    diagnostics.setExceptionHandler(handler);
  }

  public ExceptionHandler getExceptionHandler() {
    return diagnostics.exceptionHandler();
  }

  /**
   * Hands {@code context} to the exception handler. If the handler itself throws, both are
   * logged by the default handler.
   */
  public void callExceptionHandler(ExceptionContext context) {
    diagnostics.callExceptionHandler(context);
  }

  /** Logs {@code context} at ERROR level through the loop's {@link System.Logger}. */
  public void defaultExceptionHandler(ExceptionContext context) {
    diagnostics.defaultExceptionHandler(context);
  }

  /** The logger for the default exception handler and debug warnings. */
  public System.Logger logger() {
    return diagnostics.logger();
  }

  public void setLogger(System.Logger logger) {
    diagnostics.setLogger(logger);
  }

  public boolean isDebug() {
    return diagnostics.debug;
  }

  /**
   * Debug mode (also on when the system property {@code yieldfrom.debug} is true): callbacks
   * slower than {@link #slowCallbackDuration()} are logged; non-thread-safe methods called from
   * another thread than the running loop's fail; tasks still pending when the loop closes are
   * reported, those that never ran with the place where they were created; a coroutine created
   * while some loop is in debug mode and garbage collected without ever being started, awaited
   * or closed is logged as "coroutine ... was never awaited" with where it was created.
   */
  public void setDebug(boolean enabled) {
    if (enabled != diagnostics.debug) {
      NeverAwaited.loopDebugChanged(enabled);
    }
    diagnostics.debug = enabled;
  }

  public double slowCallbackDuration() {
    return diagnostics.slowCallbackDuration();
  }

  /** The real time in seconds a callback may take in debug mode before it is logged. */
  public void setSlowCallbackDuration(double seconds) {
    diagnostics.setSlowCallbackDuration(seconds);
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

  private void checkCanRun() {
    ensureOpen();
    owner.checkCanRun();
  }

  /** Debug mode: fails a non-thread-safe call from another thread than the running loop's. */
  void checkThread() {
    owner.checkThread(diagnostics.debug);
  }

  void ensureOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("Event loop is closed");
  }

  private static void requireCallback(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
  }

  @Override
  public String toString() {
    return "EventLoop<"
        + (closed ? "closed" : owner.running ? "running" : "idle")
        + (clock.virtual ? " virtual" : "")
        + (diagnostics.debug ? " debug" : "")
        + ">";
  }
}
