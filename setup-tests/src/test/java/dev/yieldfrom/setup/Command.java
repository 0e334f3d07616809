package dev.yieldfrom.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external command run to completion, its output kept apart from its error stream. */
final class Command {
  record Result(int exitCode, String out, String err) {
    /** Asserts success and returns standard output, line ends normalized. */
    String succeeded(String what) {
      assertEquals(0, exitCode, what + " failed:\n" + out + err);
      return out.replace("\r\n", "\n");
    }
  }

  private Command() {}

  /** Runs {@code command} in {@code directory} on the JDK running the tests. */
  static Result run(Path directory, Map<String, String> environment, List<String> command) {
    Path javaHome = Path.of(System.getProperty("java.home"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("PATH", javaHome.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
    builder.environment().putAll(environment);
    try {
      Path out = Files.createTempFile(directory, "out", ".txt");
      Path err = Files.createTempFile(directory, "err", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      boolean finished = process.waitFor(10, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      Result result =
          new Result(
              finished ? process.exitValue() : -1,
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      assertTrue(finished, "timed out: " + command + "\n" + result.out() + result.err());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
