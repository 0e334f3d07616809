package dev.yieldfrom.bench.net;

import dev.yieldfrom.bench.Results;
import dev.yieldfrom.bench.VirtualThreads;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * (7) The network benchmark: every server, one after the other, each its own process listening on
 * 127.0.0.1 at the port given as its last argument; {@link NetLoad} connects, warms it up, then
 * measures. Server CPU is the server process's utime + stime from /proc/PID/stat, sampled every
 * second of the measured window with the answers counted; the results are the median, min and
 * max of the per-second req/s and CPU per request. A server that cannot run here (not built, no
 * uvloop, no virtual threads) is reported with the reason.
 *
 * <p>Usage: {@code NetBench JAVA BENCHMARKS_JAR YIELDFROM_SERVER_CLASSPATH BENCH_NET_PY WARMUP_S SECONDS};
 * env PYTHON; -Dresults=FILE.
 */
public final class NetBench {
  static final int CONNECTIONS = 100;
  static final int MESSAGE_BYTES = 1024;
  /** The flags of every JVM server: none, the JVM's defaults, alike for all. */
  static final List<String> JVM_FLAGS = List.of();

  private final String java;
  private final String jar;
  /** The class path of yieldfrom's servers (examples and the net module); the first entry holds the examples. */
  private final String examplesClasspath;
  private final Path examples;
  private final String python;
  private final String benchNet;
  private final boolean uvloop;
  private final long ticksPerSecond;

  private NetBench(String[] args) throws IOException, InterruptedException {
    java = args[0];
    jar = args[1];
    examplesClasspath = args[2];
    examples = Path.of(args[2].split(File.pathSeparator)[0]);
    benchNet = args[3];
    python = System.getenv().getOrDefault("PYTHON", "python3");
    uvloop = exitCode(List.of(python, "-c", "import uvloop")) == 0;
    ticksPerSecond = clockTicks();
  }

  public static void main(String[] args) throws Exception {
    NetBench bench = new NetBench(args);
    double warmup = Double.parseDouble(args[4]);
    double seconds = Double.parseDouble(args[5]);
    Results.put("net.connections", CONNECTIONS);
    Results.put("net.echo.messageBytes", MESSAGE_BYTES);
    Results.put("net.warmupSeconds", warmup);
    Results.put("net.seconds", seconds);
    Results.put("net.jvmFlags", JVM_FLAGS.isEmpty() ? "(the JVM's defaults)" : String.join(" ", JVM_FLAGS));
    for (String workload : new String[] {"echo", "http"}) {
      for (String server : new String[] {"yieldfrom", "yieldfromProtocol", "asyncioStreams", "asyncioProtocol", "uvloopStreams",
          "uvloopProtocol", "nettyEpoll", "nettyNio", "virtualThreads", "selectorLoop"}) {
        bench.measure(workload, server, warmup, seconds);
      }
    }
  }

  /** The command line of a server (the port appended), or null with the reason recorded. */
  private List<String> command(String workload, String server, String key) {
    List<String> jvm = new ArrayList<>(List.of(java));
    jvm.addAll(JVM_FLAGS);
    jvm.addAll(List.of("-cp", jar));
    switch (server) {
      case "yieldfrom", "yieldfromProtocol" -> {
        String main = workload.equals("echo") ? "EchoServer" : "HelloServer";
        if (!Files.exists(examples.resolve("dev/yieldfrom/examples/net/" + main + ".class"))) {
          Results.put(key + "skipped", "not built: dev.yieldfrom.examples.net." + main + " is not in this build");
          return null;
        }
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(JVM_FLAGS);
        c.addAll(List.of("-cp", examplesClasspath + File.pathSeparator + jar, "dev.yieldfrom.examples.net." + main));
        if (server.equals("yieldfromProtocol")) {
          c.add("--protocol");
        }
        return c;
      }
      case "asyncioStreams", "asyncioProtocol", "uvloopStreams", "uvloopProtocol" -> {
        if (server.startsWith("uvloop") && !uvloop) {
          Results.put(key + "skipped", "skipped: uvloop is not installed for " + python);
          return null;
        }
        String api = server.startsWith("uvloop") ? "uvloop-" : "asyncio-";
        return new ArrayList<>(List.of(python, benchNet, api + (server.endsWith("Streams") ? "streams" : "protocol"), workload));
      }
      case "nettyEpoll", "nettyNio" -> {
        jvm.addAll(List.of(NettyServer.class.getName(), server.equals("nettyEpoll") ? "epoll" : "nio", workload));
        return jvm;
      }
      case "virtualThreads" -> {
        if (!VirtualThreads.available()) {
          Results.put(key + "skipped", VirtualThreads.whyNot());
          return null;
        }
        jvm.addAll(List.of(VirtualThreadServer.class.getName(), workload));
        return jvm;
      }
      case "selectorLoop" -> {
        jvm.addAll(List.of(SelectorServer.class.getName(), workload));
        return jvm;
      }
      default -> throw new IllegalArgumentException(server);
    }
  }

  private void measure(String workload, String server, double warmup, double seconds) throws Exception {
    String key = "net." + workload + "." + server + ".";
    List<String> command = command(workload, server, key);
    if (command == null) {
      return;
    }
    int port = freePort();
    command.add(Integer.toString(port));
    Path log = Files.createTempFile("net-" + workload + "-" + server, ".log");
    System.out.println("== " + workload + " / " + server + ": " + String.join(" ", command));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!awaitListening(process, port)) {
        String why = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        Results.put(key + "skipped", "failed to start (" + (process.isAlive() ? "no listener in 30 s" : "exit " + process.exitValue()) + "): " + why);
        return;
      }
      try (NetLoad load = new NetLoad(workload.equals("http"), port, CONNECTIONS, MESSAGE_BYTES)) {
        load.runUntil(System.nanoTime() + (long) (warmup * 1e9));
        List<Double> perSecond = new ArrayList<>();
        List<Double> cpuPerRequest = new ArrayList<>();
        long start = System.nanoTime();
        long lastTicks = cpuTicks(process.pid());
        long lastCount = load.completed();
        long lastTime = start;
        long firstTicks = lastTicks;
        long firstCount = lastCount;
        for (int i = 1; i <= Math.max(1, Math.round(seconds)); i++) {
          load.runUntil(start + i * 1_000_000_000L);
          long now = System.nanoTime();
          long ticks = cpuTicks(process.pid());
          long count = load.completed();
          long answers = count - lastCount;
          perSecond.add(answers / ((now - lastTime) / 1e9));
          if (answers > 0) {
            cpuPerRequest.add((ticks - lastTicks) * 1e6 / ticksPerSecond / answers);
          }
          lastTicks = ticks;
          lastCount = count;
          lastTime = now;
        }
        put(key + "reqPerSecond", perSecond);
        put(key + "cpuMicrosPerRequest", cpuPerRequest);
        double window = (lastTime - start) / 1e9;
        Results.put(key + "requests", lastCount - firstCount);
        Results.put(key + "cpuMicrosPerRequest.window", (lastTicks - firstTicks) * 1e6 / ticksPerSecond / Math.max(1, lastCount - firstCount));
        Results.put(key + "reqPerSecond.window", (lastCount - firstCount) / window);
      } catch (IOException e) {
        Results.put(key + "skipped", "failed: " + e.getMessage());
      }
    } finally {
      process.destroy(); // SIGTERM: every server exits on it
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    }
  }

  private static void put(String key, List<Double> samples) {
    List<Double> sorted = samples.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return;
    }
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    Results.put(key + ".median", median);
    Results.put(key + ".min", sorted.get(0));
    Results.put(key + ".max", sorted.get(n - 1));
    Results.put(key + ".n", n);
  }

  private static boolean awaitListening(Process process, int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long clockTicks() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    try {
      return Long.parseLong(out);
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  private static int exitCode(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
