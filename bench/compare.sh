#!/usr/bin/env bash
# compare.sh: runs the benchmark workloads in Profundo and in PyTorch, alternating processes
# (P T P T ..., --rounds of each, default 3) so slow phases of a shared machine hit both sides,
# and prints a markdown table of medians and ratios (> 1 always means Profundo is faster).
#
# Usage: bench/compare.sh [--quick] [--rounds N] [--threads N] [--channels-last] [--scaling] [NAME...]
#   NAME: a workload, prefix (gemm, cnn_infer) or glob, as in `profundo bench`; none = all.
#   --scaling: no PyTorch; Profundo on 1 thread against --threads N, alternating, with speed-ups.
#   Env:  JAVA_OPTS (extra JVM flags for Profundo), PYTHON (default /usr/bin/python3).
# Raw JSON and the table go to bench/results/<UTC time>/; the table is also copied to
# bench/results/summary.md. PyTorch runs in RESULTS.md's "tuned" configuration (2 threads, OpenMP
# OpenBLAS with its AVX-512 kernel); torch_workloads.py switches to it itself and states it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/profundo-cli/target/profundo.jar"
PYTHON="${PYTHON:-/usr/bin/python3}"
ROUNDS=3 THREADS=2 QUICK=() CL=() NAMES=() SCALING=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=(--quick) ;;
    --rounds) ROUNDS="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    --channels-last) CL=(--channels-last) ;;
    --scaling) SCALING=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) NAMES+=("$1") ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds must be a positive integer, got '$ROUNDS'" >&2; exit 2; }

# A JDK 25+: JAVA_HOME if it is one, else the usual install places.
find_jdk() {
  local d
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]*; do
    if [ -n "$d" ] && [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      echo "$d"; return 0
    fi
  done
  return 1
}
JDK="$(find_jdk)" || { echo "compare.sh: no Java 25+ found; set JAVA_HOME" >&2; exit 1; }

# Build when the jar is missing or older than any source or POM.
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/bench" -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$JAR" -print -quit)" ]; then
  echo "# building profundo-cli (./mvnw -q -DskipTests -pl profundo-cli -am package) ..." >&2
  (cd "$ROOT" && JAVA_HOME="$JDK" ./mvnw -q -DskipTests -pl profundo-cli -am package >&2)
fi

HAVE_TORCH=1
if [ "$SCALING" = 1 ]; then
  HAVE_TORCH=0
elif ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  HAVE_TORCH=0; echo "# PyTorch not importable by $PYTHON: Profundo only (apt-get install python3-torch libopenblas0-openmp)" >&2
fi

OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "# raw results: $OUT" >&2

# Which of the selected workloads exist; peak RSS is measured in a process of its own.
mapfile -t ALL < <("$JDK/bin/java" --add-modules jdk.incubator.vector -cp "$JAR" dev.profundo.cli.bench.BenchCommand --list "${NAMES[@]}" 2>/dev/null | awk '{print $1}')
[ "${#ALL[@]}" -gt 0 ] || { "$JDK/bin/java" --add-modules jdk.incubator.vector -cp "$JAR" dev.profundo.cli.bench.BenchCommand --list "${NAMES[@]}"; exit 2; }
RSS=() MAIN=()
for w in "${ALL[@]}"; do
  if [ "$w" = cnn_train_peak_rss ]; then [ "$SCALING" = 1 ] || RSS=("$w"); else MAIN+=("$w"); fi   # no speed-up for RSS
done

# The same JVM flags as the ./profundo launcher.
# shellcheck source=../tools/jvm-flags.sh
. "$ROOT/tools/jvm-flags.sh"
JVM_FLAGS="$(profundo_jvm_flags)"
profundo() {   # $1 = output file, $2 = threads, rest = workloads
  local out="$1" threads="$2"; shift 2
  # shellcheck disable=SC2086  # JVM_FLAGS and JAVA_OPTS are lists of flags
  "$JDK/bin/java" $JVM_FLAGS ${JAVA_OPTS:-} -cp "$JAR" \
    dev.profundo.cli.bench.BenchCommand "$@" --threads "$threads" "${QUICK[@]}" --json "$out" > "$out.txt" 2> "$out.log" \
    || echo "# profundo run failed, see $out.log" >&2
}
pytorch() {   # fma_peak is Profundo's own ceiling probe: PyTorch has no such workload
  local out="$1"; shift
  local names=()
  for w in "$@"; do [ "$w" = fma_peak ] || names+=("$w"); done
  [ "${#names[@]}" -gt 0 ] || return 0
  "$PYTHON" "$ROOT/bench/torch_workloads.py" "${names[@]}" --threads "$THREADS" "${QUICK[@]}" "${CL[@]}" --json "$out" > "$out.txt" 2> "$out.log" \
    || echo "# pytorch run failed, see $out.log" >&2
}

for r in $(seq 1 "$ROUNDS"); do
  for set in MAIN RSS; do
    declare -n list="$set"
    [ "${#list[@]}" -gt 0 ] || continue
    tag=$([ "$set" = RSS ] && echo rss || echo main)
    echo "# round $r/$ROUNDS ($tag): profundo ..." >&2
    profundo "$OUT/profundo_${tag}_r$r.json" "$THREADS" "${list[@]}"
    if [ "$SCALING" = 1 ]; then
      echo "# round $r/$ROUNDS ($tag): profundo on 1 thread ..." >&2
      profundo "$OUT/one_${tag}_r$r.json" 1 "${list[@]}"
    elif [ "$HAVE_TORCH" = 1 ]; then
      echo "# round $r/$ROUNDS ($tag): pytorch ..." >&2
      pytorch "$OUT/torch_${tag}_r$r.json" "${list[@]}"
    fi
  done
done

SCALE_FLAG=$([ "$SCALING" = 1 ] && echo " --scaling" || true)
CMD="bench/compare.sh${QUICK:+ --quick} --rounds $ROUNDS --threads $THREADS${CL:+ --channels-last}$SCALE_FLAG${NAMES:+ ${NAMES[*]}}"
if [ "$SCALING" = 1 ]; then
  # A scaling table does not replace the side-by-side summary.
  "$PYTHON" "$ROOT/bench/summarize.py" --scaling "$OUT" "$CMD" | tee "$OUT/summary.md"
else
  "$PYTHON" "$ROOT/bench/summarize.py" "$OUT" "$CMD" | tee "$OUT/summary.md"
  cp "$OUT/summary.md" "$ROOT/bench/results/summary.md"
fi
