package dev.yieldfrom.net;

import static dev.yieldfrom.runtime.Async.gather;

import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.EventLoop;
import dev.yieldfrom.runtime.Future;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process with asyncio's interface (asyncio.subprocess.Process): its piped streams are a
 * {@link StreamWriter} ({@link #stdin()}) and {@link StreamReader}s ({@link #stdout()},
 * {@link #stderr()}), {@link #waitForExit()} is asyncio's {@code wait()}, and
 * {@link #communicate} feeds the input and gathers the output. The JDK's pipes block, so each
 * piped stream has a daemon thread that bridges it to the loop; the loop's thread never blocks.
 *
 * <p>{@link #returncode()} is what the JDK reports: a process killed by signal N gives 128 + N
 * (Python gives -N).
 */
public final class Subprocess {
  /** What {@link #communicate} returns: all of stdout and stderr (null where not piped). */
  public record Output(byte[] stdout, byte[] stderr) {}

  private final Process process;
  private final StreamWriter stdin;
  private final StreamReader stdout;
  private final StreamReader stderr;
  private final Future<Integer> exited;

  private Subprocess(Process process, StreamWriter stdin, StreamReader stdout, StreamReader stderr, Future<Integer> exited) {
    this.process = process;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.exited = exited;
  }

  /** Starts {@code command} (the program and its arguments) on the running loop. */
  static Subprocess start(List<String> command, Stdio in, Stdio out, Stdio err) throws IOException {
    if (in == Stdio.STDOUT || out == Stdio.STDOUT) {
      throw new IllegalArgumentException("STDOUT is for stderr only");
    }
    EventLoop loop = EventLoop.getRunningLoop();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectInput(
        switch (in) {
          case PIPE -> ProcessBuilder.Redirect.PIPE;
          case INHERIT -> ProcessBuilder.Redirect.INHERIT;
          default -> ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null"));
        });
    builder.redirectOutput(output(out));
    if (err == Stdio.STDOUT) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(output(err));
    }
    Process process = builder.start();
    String name = "subprocess-" + process.pid();
    StreamWriter stdin = null;
    if (in == Stdio.PIPE) {
      StreamReaderProtocol protocol = new StreamReaderProtocol(new StreamReader(), null);
      new PipeTransport.Writing(loop, protocol, process.getOutputStream(), name + "-stdin");
      stdin = protocol.writer();
    }
    StreamReader stdout = out == Stdio.PIPE ? readPipe(loop, process.getInputStream(), name + "-stdout") : null;
    StreamReader stderr = err == Stdio.PIPE ? readPipe(loop, process.getErrorStream(), name + "-stderr") : null;
    Future<Integer> exited = loop.wrap(process.onExit().thenApply(Process::exitValue));
    return new Subprocess(process, stdin, stdout, stderr, exited);
  }

  private static StreamReader readPipe(EventLoop loop, java.io.InputStream in, String name) {
    StreamReader reader = new StreamReader();
    new PipeTransport.Reading(loop, new StreamReaderProtocol(reader, null), in, name);
    return reader;
  }

  private static ProcessBuilder.Redirect output(Stdio stdio) {
    return switch (stdio) {
      case PIPE -> ProcessBuilder.Redirect.PIPE;
      case INHERIT -> ProcessBuilder.Redirect.INHERIT;
      default -> ProcessBuilder.Redirect.DISCARD;
    };
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").startsWith("Windows");
  }

  public long pid() {
    return process.pid();
  }

  /** The writer to the process's stdin, or null if it is not piped. */
  public StreamWriter stdin() {
    return stdin;
  }

  /** The reader of the process's stdout, or null if it is not piped. */
  public StreamReader stdout() {
    return stdout;
  }

  /** The reader of the process's stderr, or null if it is not piped. */
  public StreamReader stderr() {
    return stderr;
  }

  /** The exit code once the process has exited (and the loop has seen it), else null. */
  public Integer returncode() {
    return exited.isDone() && !exited.isCancelled() ? exited.result() : null;
  }

  /**
   * A coroutine that finishes with the exit code once the process exits (asyncio's
   * {@code wait()}; the name keeps clear of {@link Object#wait()}). Cancelling it leaves the
   * process running.
   */
  public Co<Integer> waitForExit() {
    return new Co<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          state = 1;
          return delegate(dev.yieldfrom.runtime.Async.shield(exited));
        }
        if (thrown != null) {
          throw thrown;
        }
        return returnValue(sent);
      }
    };
  }

  /**
   * Writes {@code input} (if not null) to stdin and closes it, reads stdout and stderr to their
   * ends, and waits for the process to exit. A process that exits without reading its input is
   * not an error.
   */
  public Co<Output> communicate(byte[] input) {
    return new Co<>() {
      @Override
      protected Object resume(Object sent, Throwable thrown) throws Throwable {
        if (state == 0) {
          state = 1;
          if (stdin != null) {
            if (input != null) {
              stdin.write(input);
            }
            stdin.close();
          }
          List<Object> waits = new ArrayList<>(3);
          waits.add(stdout != null ? stdout.read(-1) : none());
          waits.add(stderr != null ? stderr.read(-1) : none());
          waits.add(waitForExit());
          return delegate(gather(waits.toArray()));
        }
        if (thrown != null) {
          throw thrown;
        }
        List<?> results = (List<?>) sent;
        return returnValue(new Output((byte[]) results.get(0), (byte[]) results.get(1)));
      }
    };
  }

  private static Future<byte[]> none() {
    Future<byte[]> nothing = EventLoop.getRunningLoop().createFuture();
    nothing.setResult(null);
    return nothing;
  }

  /** Asks the process to end (SIGTERM on POSIX). */
  public void terminate() {
    process.destroy();
  }

  /** Ends the process at once (SIGKILL on POSIX). */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    Integer code = returncode();
    return "Subprocess<" + process.pid() + (code == null ? " running" : " returncode=" + code) + ">";
  }
}
