package dev.yieldfrom.bench;

import static dev.yieldfrom.bench.Results.put;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks with settings for a small, shared machine and appends each score to the
 * results file as {@code PREFIX.Class.method[.param=value]} with {@code .median}, {@code .min},
 * {@code .max} over the measurement iterations, JMH's mean and 99.9% {@code .error}, the
 * {@code .unit} and, from JMH's gc profiler, {@code .allocBytesPerOp}.
 *
 * <p>Usage: {@code BenchMain PREFIX REGEX [quick|full]}; -Dresults=FILE. Every benchmark runs in
 * its own fork with the same heap flags; a benchmark's own {@code @Fork(jvmArgsAppend)} (a peer's
 * best setting) is added to them, not put in their place.
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
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.milliseconds(quick ? 200 : 1000))
            .jvmArgsPrepend("-Xms1g", "-Xmx1g")
            .addProfiler(GCProfiler.class);
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
      List<Double> scores = new ArrayList<>();
      for (BenchmarkResult fork : run.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          scores.add(iteration.getPrimaryResult().getScore());
        }
      }
      Stats stats = Stats.of(scores);
      put(key + ".median", stats.median());
      put(key + ".min", stats.min());
      put(key + ".max", stats.max());
      put(key.toString(), primary.getScore());
      put(key + ".error", primary.getScoreError());
      put(key + ".unit", primary.getScoreUnit());
      Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      if (alloc != null) {
        put(key + ".allocBytesPerOp", alloc.getScore());
      }
    }
  }
}
