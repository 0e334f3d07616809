package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Results.put;

import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks with settings for a small, shared machine and appends each score to the
 * results file as {@code PREFIX.Class.method[.param=value]=score} (plus {@code .error} and
 * {@code .unit}).
 *
 * <p>Usage: {@code BenchMain PREFIX REGEX [quick]}; -Dresults=FILE.
 */
public final class BenchMain {
  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    String include = args[1];
    boolean quick = args.length > 2 && args[2].equals("quick");
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(include)
            .forks(1)
            .warmupIterations(quick ? 1 : 4)
            .warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
            .measurementIterations(quick ? 1 : 5)
            .measurementTime(TimeValue.milliseconds(quick ? 200 : 1000))
            .jvmArgsAppend("-Xms1g", "-Xmx1g");
    if (!VirtualThreads.available()) {
      options.exclude("VirtualThread|virtualThread");
      put(prefix + ".virtualThreads", VirtualThreads.whyNot());
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    for (RunResult run : results) {
      StringBuilder key = new StringBuilder(prefix).append('.');
      String benchmark = run.getParams().getBenchmark();
      key.append(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
      for (String name : run.getParams().getParamsKeys()) {
        key.append('.').append(name).append(run.getParams().getParam(name));
      }
      Result<?> primary = run.getPrimaryResult();
      put(key.toString(), primary.getScore());
      put(key + ".error", primary.getScoreError());
      put(key + ".unit", primary.getScoreUnit());
    }
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (e.getKey().equals("YIELDFROM_BENCH_NOTE")) {
        put(prefix + ".note", e.getValue());
      }
    }
  }
}
