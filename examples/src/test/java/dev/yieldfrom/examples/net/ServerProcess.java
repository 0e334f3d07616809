package dev.yieldfrom.examples.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An example's main class run in a JVM of its own, as a user (or a benchmark) runs it. What it
 * prints on the watched stream goes to a file, which outlives the process (destroying a process
 * closes its pipes).
 */
final class ServerProcess implements AutoCloseable {
  final Process process;
  private final Path output;

  private ServerProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code mainClass} with {@code args}, watching its stderr or its stdout. */
  static ServerProcess start(Class<?> mainClass, boolean watchStderr, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("server", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command);
    if (watchStderr) {
      builder.redirectError(output.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      builder.redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    return new ServerProcess(builder.start(), output);
  }

  /** The lines printed so far. */
  List<String> lines() throws IOException {
    return List.of(Files.readString(output, StandardCharsets.UTF_8).split("\n", -1)).stream()
        .filter(line -> !line.isEmpty())
        .toList();
  }

  /** Waits (30 s at most) until a line contains {@code text}; returns it. */
  String awaitLine(String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line with '" + text + "' in " + lines());
  }

  /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not exit on SIGTERM within 20 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }

  /** A port nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      return probe.getLocalPort();
    }
  }
}
