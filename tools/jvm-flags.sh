# jvm-flags.sh: the JVM flags Profundo runs with, sourced by ./profundo and bench/compare.sh so the
# launcher and the benchmarks always agree. Prints them on one line: `profundo_jvm_flags`.
#
# - The parallel collector with a large fixed young generation: a training step allocates a few big
#   arrays per layer (activations, gradients, unfold buffers), and they must die young. A big network
#   keeps hundreds of MB of them alive between its forward and backward passes; with a small young
#   generation every collection copies them. Measured 2026-11-27 (`profundo bench NAME --quick`, 2 threads):
#     -Xmn1536m                                       resnet 612 img/s   cnn 6,493 img/s, 1,514 MiB peak RSS
#     -Xmn192m -XX:SurvivorRatio=2, fixed             resnet 336         cnn 6,225, 312 MiB
#     adaptive (NewSize 192m .. 1536m, GCTimeRatio=4) erratic: cnn 2,246 and resnet 360 when they share
#                                                     a process
#   G1 (the JDK default) measured erratic CNN and MLP steps earlier: its concurrent threads take turns
#   from the 2 compute threads. Machines under 8 GiB keep the JVM's default sizing. The footprint is
#   the price until buffers are reused across steps (docs/architecture.md, "Memory").
# - Transparent huge pages for the heap, where the kernel offers them (`always` or `madvise`). The first
#   pass through a fresh 1.5 GiB young generation otherwise faults in 4 KiB pages one by one: a fresh
#   process trained the MLP at ~12,500 img/s until eden had been used once, against ~126,000 with huge
#   pages (`profundo bench mlp_train_b128 --quick`, one process each).
# - A fixed split of that young generation (-XX:-UseAdaptiveSizePolicy). The adaptive policy moved the
#   eden/survivor boundary mid-run (heap capacity 1350 -> 1528 MiB at a young collection), eden grew into
#   pages never touched before, and the process spent a second mostly in the kernel (JFR jdk.CPULoad:
#   34 % system, 27 % user): MLP training repeats of 15,000-21,000 img/s among ones of ~120,000, in 4 of
#   12 processes (`profundo bench gemm_nt mlp_infer_b256 mlp_train_b128 --quick`); 0 of 8 with the split
#   fixed. CNN and resnet speed and peak RSS did not change beyond the noise.
# - PROFUNDO_MEMORY=small trades the resnet's speed for footprint: a fixed 192 MiB young generation with
#   large survivor spaces (-Xmn192m -XX:SurvivorRatio=2). CNN training then peaks at ~320 MiB at full
#   speed (side by side: 320 vs PyTorch's 344.5 MiB, 1.77x its speed). Not for the resnet: it runs at
#   about half speed (see the table above), and its activations, promoted by every collection, grew the
#   heap to 2.6 GB within 13 s. PROFUNDO_MEMORY=large forces the
#   default on any machine; unset, machines under 8 GiB keep the JVM's own sizing.
# Flags in JAVA_OPTS come after these and win (e.g. JAVA_OPTS=-Xmx4g).
profundo_jvm_flags() {
  local flags="--add-modules jdk.incubator.vector -XX:+UseParallelGC" mem_kb
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  case "${PROFUNDO_MEMORY:-}" in
    small) flags="$flags -Xmn192m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy" ;;
    large) flags="$flags -Xmn1536m -XX:-UseAdaptiveSizePolicy" ;;
    "") if [ "${mem_kb:-0}" -ge 8000000 ]; then flags="$flags -Xmn1536m -XX:-UseAdaptiveSizePolicy"; fi ;;
    *) echo "profundo: PROFUNDO_MEMORY must be 'small' or 'large', got '$PROFUNDO_MEMORY'" >&2; return 1 ;;
  esac
  if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    flags="$flags -XX:+UseTransparentHugePages"
  fi
  echo "$flags"
}
