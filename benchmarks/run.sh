#!/usr/bin/env bash
# Runs every yieldfrom benchmark and its alternatives, then writes benchmarks/README.md and
# benchmarks/chart.png from the results of this one run.
#
#   benchmarks/run.sh            full run (about 15 minutes on 2 cores)
#   QUICK=1 benchmarks/run.sh    smoke test: tiny iteration counts and sizes, same report
#
# JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64) builds and runs the benchmarks, so that the
# virtual-thread comparisons run; JDK17 (default: the java on PATH) runs the JDK 17 figures and
# the compile-time comparison. Without a JDK 21+ the virtual-thread parts report "skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/benchmarks
QUICK=${QUICK:-0}

JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$JDK25/bin/java" ]; then RUN_JDK=$JDK25; else RUN_JDK=$JDK17; fi
JAVA=$RUN_JDK/bin/java
JAVA17=$JDK17/bin/java

if [ "$QUICK" = 1 ]; then
  N=20000; SLEEP=1; SWITCH_REPEATS=1; TIMER_N=1000000; COMPILE_RUNS=1; MODE=quick; PROBE_N=100000
else
  N=1000000; SLEEP=10; SWITCH_REPEATS=5; TIMER_N=1000000; COMPILE_RUNS=5; MODE=full; PROBE_N=1000000
fi

echo "== build (JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.version = //p'))"
JAVA_HOME=$RUN_JDK mvn -q -B -Pbench -pl benchmarks -am package -DskipTests
JAR=$BENCH/target/benchmarks.jar
PROCESSOR_JAR=$(ls "$ROOT"/processor/target/yieldfrom-processor-*.jar | grep -v original | head -1)

RESULTS=$BENCH/target/results.properties
rm -f "$RESULTS"
put() { echo "$1=$2" >> "$RESULTS"; }
jdk_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'; }

put mode "$MODE"
put machine.nproc "$(nproc)"
put machine.memory "$(free -g | awk '/^Mem:/{print $2 " GiB"}')"
put machine.cpu "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
put machine.os "$(uname -sr)"
put machine.jdk "$(jdk_version "$JAVA")"
put machine.jdk17 "$(jdk_version "$JAVA17")"
put machine.python "$(python3 -c 'import sys; print(sys.version.split()[0])')"
put machine.loadBefore "$(cut -d' ' -f1-3 /proc/loadavg)"
put machine.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put machine.commit "$(git rev-parse --short HEAD)"

J="$JAVA -Dresults=$RESULTS -cp $JAR"
J17="$JAVA17 -Dresults=$RESULTS -cp $JAR"

echo "== (1)-(4) JMH on $(jdk_version "$JAVA")"
$J dev.yieldfrom.bench.BenchMain jmh '.*Bench.*' $MODE
if [ "$RUN_JDK" != "$JDK17" ]; then
  echo "== (1)-(2) JMH on JDK 17: resume round trip and depth"
  $J17 dev.yieldfrom.bench.BenchMain jmh17 'ResumeBench.(generated|handWritten|platformThread)$|DepthBench' $MODE
fi

echo "== (3) retained heap per suspended coroutine"
$J -XX:+UseSerialGC -Xms3g -Xmx3g -Dn=$PROBE_N dev.yieldfrom.bench.MemoryProbe memory
if [ "$RUN_JDK" != "$JDK17" ]; then
  $J17 -XX:+UseSerialGC -Xms3g -Xmx3g -Dn=$PROBE_N dev.yieldfrom.bench.MemoryProbe memory17
fi

echo "== (4) CPython asyncio: the same loop workloads"
python3 "$BENCH/bench_asyncio.py" switches 1000 100 $SWITCH_REPEATS | tee -a "$RESULTS"
python3 "$BENCH/bench_asyncio.py" timers $TIMER_N 1 | tee -a "$RESULTS"
put timers.n $TIMER_N
put memory.n $PROBE_N

echo "== (5) $N tasks sleeping ${SLEEP}s: yieldfrom, virtual threads, CPython"
# The flags of the small-footprint run; see README.md.
LEAN_FLAGS="-XX:+UseSerialGC -Xmn8m -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
if "$JAVA" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
  LEAN_FLAGS="$LEAN_FLAGS -XX:+UseCompactObjectHeaders"
fi
put sleepers.n $N
put sleepers.seconds $SLEEP
put sleepers.leanFlags "$LEAN_FLAGS"
# yieldfrom also gets a heap cap: its live heap is known (see MemoryProbe); virtual threads need
# about 7x more heap per task, so they get the same flags without the cap.
YF_HEAP="-Xmx160m"
put sleepers.yieldfromHeap "$YF_HEAP"
$J $LEAN_FLAGS $YF_HEAP dev.yieldfrom.bench.Sleepers yieldfrom $N $SLEEP sleepers.yieldfrom || put sleepers.yieldfrom.failed 1
$J dev.yieldfrom.bench.Sleepers yieldfrom $N $SLEEP sleepers.yieldfromDefaultFlags || put sleepers.yieldfromDefaultFlags.failed 1
$J $LEAN_FLAGS dev.yieldfrom.bench.Sleepers virtual $N $SLEEP sleepers.virtual || put sleepers.virtual.failed 1
$J dev.yieldfrom.bench.Sleepers virtual $N $SLEEP sleepers.virtualDefaultFlags || put sleepers.virtualDefaultFlags.failed 1
$J $LEAN_FLAGS -Xmx16m dev.yieldfrom.bench.Sleepers yieldfrom 1 0.1 sleepers.jvmFloor || true
python3 "$BENCH/bench_asyncio.py" sleepers $N $SLEEP | tee -a "$RESULTS" || true

echo "== (6) compile time: 1,000 coroutine methods vs 1,000 plain methods"
$J17 dev.yieldfrom.bench.CompileTime "$JDK17/bin/javac" "$JAR" "$PROCESSOR_JAR" $COMPILE_RUNS || put compile.failed 1

put machine.loadAfter "$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== report"
$J -Djava.awt.headless=true dev.yieldfrom.bench.Report "$RESULTS" "$BENCH/README.md" "$BENCH/chart.png"
cp "$RESULTS" "$BENCH/results.properties"
echo "wrote benchmarks/README.md, benchmarks/chart.png, benchmarks/results.properties"
