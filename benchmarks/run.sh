#!/usr/bin/env bash
# Runs every yieldfrom benchmark and its peers, then writes benchmarks/README.md and
# benchmarks/chart.png from the results of this one run.
#
#   benchmarks/run.sh            full run (about 30 minutes on 2 busy cores)
#   QUICK=1 benchmarks/run.sh    smoke test: tiny iteration counts and sizes, same report
#
# Knobs for a shorter full run: COMPILE_RUNS (5), KOTLIN_RUNS (3), NET_WARMUP (4 s), JDK17_ROWS=0.
#
# JDK17 (default: the java on PATH) builds the reactor and runs javac, kotlinc and the JDK 17
# figures; JDK25 (default Temurin's path; any JDK 21+) compiles the virtual-thread part and runs
# JMH, the probes, the sleepers and the JVM servers. Without a JDK 21+ the virtual-thread peers
# report "skipped". PYTHON (default /usr/bin/python3, the Debian interpreter python3-uvloop is
# built for) runs CPython asyncio and uvloop.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/benchmarks
QUICK=${QUICK:-0}

JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$JDK25/bin/java" ]; then RUN_JDK=$JDK25; JDK21_BUILD=(-Djdk21.home="$JDK25"); else RUN_JDK=$JDK17; JDK21_BUILD=(); fi
JAVA=$RUN_JDK/bin/java
JAVA17=$JDK17/bin/java
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=$(command -v python3)

if [ "$QUICK" = 1 ]; then
  N=20000; SLEEP=1; SWITCH_REPEATS=2; TIMER_N=100000; MODE=quick; PROBE_N=100000
  COMPILE_RUNS=1; KOTLIN_RUNS=1; COMPILE_CLASSES=2; NET_WARMUP=1; NET_SECONDS=2
else
  N=1000000; SLEEP=10; SWITCH_REPEATS=5; TIMER_N=1000000; MODE=full; PROBE_N=1000000
  COMPILE_RUNS=${COMPILE_RUNS:-5}; KOTLIN_RUNS=${KOTLIN_RUNS:-3}; COMPILE_CLASSES=20; NET_WARMUP=${NET_WARMUP:-4}; NET_SECONDS=5
fi

# uvloop for the same interpreter, from the distribution, where this user may install it.
if ! "$PYTHON" -c 'import uvloop' 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing python3-uvloop"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-uvloop) >/dev/null 2>&1 \
    || echo "   could not install python3-uvloop: uvloop rows will say skipped"
fi

echo "== build (JDK 17 reactor, virtual-thread part with $RUN_JDK)"
JAVA_HOME=$JDK17 mvn -q -B -Pbench "${JDK21_BUILD[@]}" -pl benchmarks,examples -am package -DskipTests
JAR=$BENCH/target/benchmarks.jar
PROCESSOR_JAR=$(ls "$ROOT"/processor/target/yieldfrom-processor-*.jar | grep -v original | head -1)

RESULTS=$BENCH/target/results.properties
rm -f "$RESULTS"
put() { echo "$1=$2" >> "$RESULTS"; }
jdk_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'; }
pom_version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$BENCH/pom.xml" | head -1; }
SECTIONS=""
section() { echo "== $1: $2"; SECTIONS="$SECTIONS $1"; put "load.$1" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

put mode "$MODE"
put machine.nproc "$(nproc)"
put machine.memory "$(free -g | awk '/^Mem:/{print $2 " GiB"}')"
put machine.cpu "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
put machine.os "$(uname -sr)"
put machine.jdk "$(jdk_version "$JAVA")"
put machine.jdk17 "$(jdk_version "$JAVA17")"
put machine.kotlin "$(pom_version kotlin.version) / $(pom_version kotlinx-coroutines.version) / $(pom_version netty.version)"
put machine.python "$("$PYTHON" -c 'import sys; print(sys.version.split()[0])') ($PYTHON)"
put machine.loadBefore "$(cut -d' ' -f1-3 /proc/loadavg)"
put machine.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put machine.commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!benchmarks/README.md' ':!benchmarks/chart.png' ':!benchmarks/results.properties' ':!benchmarks/analysis.md' || echo ' + local changes')"

J="$JAVA -Dresults=$RESULTS -cp $JAR"
J17="$JAVA17 -Dresults=$RESULTS -cp $JAR"

section jmh "(1)-(4) JMH on $(jdk_version "$JAVA"), 1 fork per benchmark, gc profiler"
$J dev.yieldfrom.bench.BenchMain jmh '.*Bench.*' $MODE
# JDK17_ROWS=0 leaves out the JDK 17 repeats of (1)-(3) (to fit a run into less time).
JDK17_ROWS=${JDK17_ROWS:-1}
if [ "$RUN_JDK" != "$JDK17" ] && [ "$JDK17_ROWS" = 1 ]; then
  section jmh17 "(1)-(2) JMH on JDK 17: resume round trip and depth"
  $J17 dev.yieldfrom.bench.BenchMain jmh17 'ResumeBench.(generated|handWritten|platformThread)$|DepthBench.resume$' $MODE
fi
section inlining "the driver's hot path under -XX:+PrintInlining"
RESULTS=$RESULTS "$BENCH/inlining.sh" "$JAVA" || put inlining.verdict "not checked: inlining.sh failed"

section memory "(3) retained heap per suspended coroutine and per sleeping task"
$J -XX:+UseSerialGC -Xms3g -Xmx3g -Dn=$PROBE_N dev.yieldfrom.bench.MemoryProbe memory
if [ "$RUN_JDK" != "$JDK17" ] && [ "$JDK17_ROWS" = 1 ]; then
  $J17 -XX:+UseSerialGC -Xms3g -Xmx3g -Dn=$PROBE_N dev.yieldfrom.bench.MemoryProbe memory17
fi
put memory.n $PROBE_N

section python "(4) CPython asyncio and uvloop: the same loop workloads"
for loop in cpython uvloop; do
  "$PYTHON" "$BENCH/bench_asyncio.py" $loop switches 1000 100 $SWITCH_REPEATS | tee -a "$RESULTS"
  "$PYTHON" "$BENCH/bench_asyncio.py" $loop timers $TIMER_N $SWITCH_REPEATS | tee -a "$RESULTS"
done
put timers.n $TIMER_N

section sleepers "(5) $N tasks sleeping ${SLEEP}s: yieldfrom, Kotlin, virtual threads (default and tuned flags), CPython, uvloop"
# One set of tuned flags for every JVM peer (small young generation, small thread stacks, C1
# only, small code cache, compact headers where the JDK has them).
TUNED_FLAGS="-XX:+UseSerialGC -Xmn8m -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
if "$JAVA" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
  TUNED_FLAGS="$TUNED_FLAGS -XX:+UseCompactObjectHeaders"
fi
HEAP_CAP="-Xmx160m"
put sleepers.n $N
put sleepers.seconds $SLEEP
put sleepers.tunedFlags "$TUNED_FLAGS"
put sleepers.heapCap "$HEAP_CAP"
sleeper() { # KEY FLAGS... -- MODE N SECONDS
  local key=$1; shift
  local flags=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done; shift
  $J "${flags[@]}" dev.yieldfrom.bench.Sleepers "$@" "$key" || put "$key.failed" 1
}
for peer in yieldfrom kotlin virtual; do
  sleeper sleepers.$peer.default -- $peer $N $SLEEP
  # shellcheck disable=SC2086
  sleeper sleepers.$peer.tuned $TUNED_FLAGS -- $peer $N $SLEEP
done
# shellcheck disable=SC2086
sleeper sleepers.yieldfrom.tunedCapped $TUNED_FLAGS $HEAP_CAP -- yieldfrom $N $SLEEP
sleeper sleepers.jvmFloor.default -- yieldfrom 1 0.1
# shellcheck disable=SC2086
sleeper sleepers.jvmFloor.tuned $TUNED_FLAGS -- yieldfrom 1 0.1
for loop in cpython uvloop; do
  "$PYTHON" "$BENCH/bench_asyncio.py" $loop sleepers $N $SLEEP | tee -a "$RESULTS" || put sleepers.$loop.failed 1
done

section compile "(6) compile time and size: $((COMPILE_CLASSES * 50)) coroutine methods vs plain, javac and kotlinc"
$J17 -Dcompile.classes=$COMPILE_CLASSES dev.yieldfrom.bench.CompileTime "$JDK17/bin/javac" "$JAR" "$PROCESSOR_JAR" \
  "$BENCH/target/kotlinc" $COMPILE_RUNS $KOTLIN_RUNS || put compile.failed 1

section network "(7) echo and HTTP hello servers on 127.0.0.1"
PYTHON=$PYTHON $J dev.yieldfrom.bench.net.NetBench "$JAVA" "$JAR" "$ROOT/examples/target/classes:$ROOT/net/target/classes" "$BENCH/bench_net.py" \
  $NET_WARMUP $NET_SECONDS || put net.failed 1

put load.sections "${SECTIONS# }"
put machine.loadAfter "$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== report"
$J -Djava.awt.headless=true dev.yieldfrom.bench.Report "$RESULTS" "$BENCH/README.md" "$BENCH/chart.png"
cp "$RESULTS" "$BENCH/results.properties"
echo "wrote benchmarks/README.md, benchmarks/chart.png, benchmarks/results.properties"
