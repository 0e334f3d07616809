#!/usr/bin/env bash
# Does the JIT inline the generator driver's hot path? Runs the resume benchmark
# (ResumeBench.generated) with -XX:+PrintInlining and keeps the lines about the driver (Gen) and
# the generated resume(). Prints them, then a verdict line.
#
#   benchmarks/inlining.sh [JAVA]        after a build (benchmarks/run.sh, or mvn -Pbench package)
#
# With -Dresults=FILE semantics: RESULTS=FILE appends inlining.* keys for the report.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${1:-java}
JAR=benchmarks/target/benchmarks.jar
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
"$JAVA" -jar "$JAR" 'ResumeBench.generated$' -f 1 -wi 3 -w 1s -i 1 -r 1s \
  -jvmArgsAppend '-XX:+UnlockDiagnosticVMOptions -XX:+PrintInlining' >"$OUT" 2>&1 || true
# The lines naming the driver's methods, or the generated state machine's resume, once each.
LINES=$(grep -E 'dev\.yieldfrom\.runtime\.Gen::|TemplatesCoroutines.*::resume' "$OUT" \
  | sed -E 's/^[[:space:]]*!?[[:space:]]*(@ [0-9]+[[:space:]]+)?//; s/[[:space:]]+/ /g' | sort | uniq -c | sort -rn | head -15 || true)
echo "$LINES"
if [ -z "$LINES" ]; then
  VERDICT="not checked: no inlining lines about Gen (did the benchmark run?)"
elif echo "$LINES" | grep -E 'Gen::(next|send|drive|step)' | grep -qE 'too big|too large|hot method too big|already compiled into a big method|NodeCountInliningCutoff'; then
  VERDICT="not inlined: $(echo "$LINES" | grep -E 'Gen::(next|send|drive|step)' | grep -E 'too big|too large|big method|Cutoff' | head -1 | sed -E 's/^ *[0-9]+ //')"
else
  VERDICT="inlined: no driver method reported too big"
fi
echo "verdict: $VERDICT"
if [ -n "${RESULTS:-}" ]; then
  i=0
  while IFS= read -r line; do
    [ -n "$line" ] && echo "inlining.line.$i=$line" >> "$RESULTS" && i=$((i + 1))
  done <<< "$LINES"
  echo "inlining.lines=$i" >> "$RESULTS"
  echo "inlining.verdict=$VERDICT" >> "$RESULTS"
fi
