# jvm-flags.sh: the JVM flags Profundo runs with, sourced by ./profundo and bench/compare.sh so the
# launcher and the benchmarks always agree. Prints them on one line: `profundo_jvm_flags`.
#
# - The parallel collector with a fixed young generation of 192 MiB. Trainer (and the benchmarks)
#   recycle each step's arrays into the next through a BufferPool, so a steady training loop allocates
#   little, and the pooled arrays settle in the old generation after the first steps. Measured
#   2026-11-27 (`profundo bench cnn_train_peak_rss cnn_train_b128 mlp_train_b128 --quick`, then
#   `resnet_train_b128` in its own process; 2 threads, two alternating rounds, recycling on):
#     -Xmn1536m                    cnn 7,124-7,601 img/s, 1,366-1,372 MiB   mlp 91-112 k   resnet 676-763, 1.78 GB
#     -Xmn192m -XX:SurvivorRatio=2 cnn 7,721-8,217 img/s,   325-326 MiB     mlp 111-119 k  resnet 733-749, 0.74-0.77 GB
#     -Xmn64m  -XX:SurvivorRatio=2 cnn 7,151-7,331 img/s,   243-256 MiB     mlp 102-108 k  resnet 713-734, 0.77-0.82 GB
#   Without recycling a small young generation halves the resnet (382 vs 776 img/s at 192m: every
#   collection copies the activations a step keeps between forward and backward), which is why the
#   default was 1.5 GiB before the pool existed. G1 (the JDK default) measured erratic CNN and MLP
#   steps: its concurrent threads take turns from the 2 compute threads. Machines under 8 GiB keep
#   the JVM's default sizing.
# - Transparent huge pages for the heap, where the kernel offers them (`always` or `madvise`). The first
#   pass through a fresh young generation otherwise faults in 4 KiB pages one by one: with the former
#   1.5 GiB young generation a fresh process trained the MLP at ~12,500 img/s until eden had been used
#   once, against ~126,000 with huge pages (`profundo bench mlp_train_b128 --quick`, one process each).
# - A fixed split of that young generation (-XX:-UseAdaptiveSizePolicy). The adaptive policy moved the
#   eden/survivor boundary mid-run (heap capacity 1350 -> 1528 MiB at a young collection), eden grew into
#   pages never touched before, and the process spent a second mostly in the kernel (JFR jdk.CPULoad:
#   34 % system, 27 % user): MLP training repeats of 15,000-21,000 img/s among ones of ~120,000, in 4 of
#   12 processes (`profundo bench gemm_nt mlp_infer_b256 mlp_train_b128 --quick`); 0 of 8 with the split
#   fixed. CNN and resnet speed and peak RSS did not change beyond the noise.
# - PROFUNDO_MEMORY=small: a 64 MiB young generation, for the smallest footprint (CNN training at
#   ~250 MiB, at most ~8 % slower in the table above). PROFUNDO_MEMORY=large: the 1.5 GiB young
#   generation, for programs whose training loop does not recycle its arrays (a loop of its own without
#   a BufferPool scope) and keeps hundreds of MB alive per step. Unset: the default above, or the JVM's
#   own sizing on machines under 8 GiB.
# Flags in JAVA_OPTS come after these and win (e.g. JAVA_OPTS=-Xmx4g).
profundo_jvm_flags() {
  local flags="--add-modules jdk.incubator.vector -XX:+UseParallelGC" mem_kb
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  case "${PROFUNDO_MEMORY:-}" in
    small) flags="$flags -Xmn64m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy" ;;
    large) flags="$flags -Xmn1536m -XX:-UseAdaptiveSizePolicy" ;;
    "") if [ "${mem_kb:-0}" -ge 8000000 ]; then flags="$flags -Xmn192m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy"; fi ;;
    *) echo "profundo: PROFUNDO_MEMORY must be 'small' or 'large', got '$PROFUNDO_MEMORY'" >&2; return 1 ;;
  esac
  if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    flags="$flags -XX:+UseTransparentHugePages"
  fi
  echo "$flags"
}
