package dev.yieldfrom.net;

import static dev.yieldfrom.net.Net.createSubprocessExec;
import static dev.yieldfrom.net.Net.createSubprocessShell;
import static dev.yieldfrom.runtime.Async.waitFor;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.TimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Subprocesses with piped streams, on POSIX programs (cat, sh, head). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisabledOnOs(OS.WINDOWS)
class SubprocessTest extends OnRealLoop {
  @Coroutine
  static Co<String> talkToCat() {
    Subprocess cat = yieldFrom(createSubprocessExec(List.of("cat"), Stdio.PIPE, Stdio.PIPE, Stdio.DEVNULL));
    StringBuilder out = new StringBuilder("running " + (cat.returncode() == null));
    for (String word : List.of("one", "two")) {
      cat.stdin().write((word + "\n").getBytes(US_ASCII));
      yieldFrom(cat.stdin().drain());
      out.append(", ").append(new String(yieldFrom(cat.stdout().readline()), US_ASCII).strip());
    }
    cat.stdin().close();
    out.append(", eof ").append(yieldFrom(cat.stdout().read(-1)).length == 0);
    int code = yieldFrom(cat.waitForExit());
    return done(out + ", exit " + code + " " + cat.returncode() + ", stderr " + cat.stderr());
  }

  @Test
  void writesAndReadsLinesThroughPipes() {
    assertEquals(
        "running true, one, two, eof true, exit 0 0, stderr null",
        loop.runUntilComplete(SubprocessTestCoroutines.talkToCat()));
  }

  @Coroutine
  static Co<String> communicate() {
    Subprocess shell =
        yieldFrom(createSubprocessShell("tr a-z A-Z; echo oops >&2; exit 3", Stdio.PIPE, Stdio.PIPE, Stdio.PIPE));
    Subprocess.Output output = yieldFrom(shell.communicate("hello\n".getBytes(US_ASCII)));
    return done(
        new String(output.stdout(), US_ASCII) + new String(output.stderr(), US_ASCII) + shell.returncode());
  }

  @Test
  void communicateFeedsInputAndGathersBothOutputs() {
    assertEquals("HELLO\noops\n3", loop.runUntilComplete(SubprocessTestCoroutines.communicate()));
  }

  @Coroutine
  static Co<String> largeAndMerged() {
    Subprocess big =
        yieldFrom(createSubprocessShell("head -c 5000000 /dev/zero; echo tail >&2", Stdio.DEVNULL, Stdio.PIPE, Stdio.STDOUT));
    Subprocess.Output output = yieldFrom(big.communicate(null));
    return done(output.stdout().length + " bytes, ends with " + new String(output.stdout(), 5_000_000, 5, US_ASCII).strip()
        + ", stderr " + output.stderr() + ", exit " + big.returncode());
  }

  @Test
  void readsLargeOutputWithStderrMergedIntoStdout() {
    assertEquals(
        "5000005 bytes, ends with tail, stderr null, exit 0",
        loop.runUntilComplete(SubprocessTestCoroutines.largeAndMerged()));
  }

  @Coroutine
  static Co<String> timeoutThenKill() {
    Subprocess sleeper = yieldFrom(createSubprocessExec(List.of("sleep", "30"), Stdio.DEVNULL, Stdio.DEVNULL, Stdio.DEVNULL));
    String outcome;
    try {
      yieldFrom(waitFor(sleeper.waitForExit(), 0.1));
      outcome = "exited";
    } catch (TimeoutException expected) {
      outcome = "timed out, still running " + (sleeper.returncode() == null);
    }
    sleeper.kill();
    int code = yieldFrom(sleeper.waitForExit());
    return done(outcome + ", killed: " + code);
  }

  @Test
  void aTimedOutWaitLeavesTheProcessRunning() {
    assertEquals(
        "timed out, still running true, killed: 137",
        loop.runUntilComplete(SubprocessTestCoroutines.timeoutThenKill()));
  }

  @Coroutine
  static Co<String> noSuchProgram() {
    try {
      yieldFrom(createSubprocessExec(List.of("/no/such/program"), Stdio.DEVNULL, Stdio.PIPE, Stdio.PIPE));
      return done("started");
    } catch (Exception failure) {
      return done(failure.getClass().getName());
    }
  }

  @Test
  void aProgramThatCannotStartRaisesIOException() {
    assertEquals("java.io.IOException", loop.runUntilComplete(SubprocessTestCoroutines.noSuchProgram()));
  }
}
