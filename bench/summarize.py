#!/usr/bin/python3
"""Merges the JSON records of a bench/compare.sh run into one markdown table.

Usage: summarize.py [--scaling] RESULTS_DIR [COMMAND]
Reads RESULTS_DIR/profundo_*.json and torch_*.json (lists of records from `profundo bench --json` and
torch_workloads.py), pools each workload's samples over all rounds, and prints per workload the pooled
median [min-max] of both sides and the ratio, oriented so that > 1 means Profundo is faster (or leaner):
Profundo/PyTorch for throughputs, PyTorch/Profundo for latency and peak RSS. GEMM rows also get Profundo's
share of the FMA peak: the fma_peak workload's median when the run measured it (register-only FMAs on the
same threads, in the same process as the GEMMs), else the nominal peak of /work/shared/bench/RESULTS.md
(525 GFLOP/s on 2 threads, 264 on 1; the clock under load is often lower).

The pooled ratio can mislead on a shared machine whose speed shifts for minutes at a time: a slow phase
that hits one side's round moves its pooled median. So each row also gives the ratio round by round
(round r of Profundo against round r of PyTorch, which ran right after it), as the range of those
per-round ratios: a range that stays on one side of 1 is a result; one that straddles 1 is a tie.

With --scaling (compare.sh --scaling) the two sides are Profundo on N threads (profundo_*.json) and on
one thread (one_*.json), and the ratio is the speed-up, against issue 4's goal of 1.85x.
"""
import glob
import json
import os
import platform
import statistics
import sys

HIGHER_IS_BETTER = {"gflops": True, "images_per_second": True, "latency_ms": False, "peak_rss_mib": False}
PEAK_GFLOPS = {1: 264.0, 2: 525.0}


def load(pattern):
    """name -> {"metric", "threads", "samples": [...], "config"} pooled over all files matching pattern."""
    pooled = {}
    for path in sorted(glob.glob(pattern)):
        try:
            with open(path) as f:
                records = json.load(f)
        except (OSError, ValueError) as e:
            print(f"<!-- skipped {os.path.basename(path)}: {e} -->")
            continue
        for r in records:
            p = pooled.setdefault(r["name"], {"metric": r["metric"], "threads": r["threads"], "samples": [],
                                              "config": r.get("config", ""), "rounds": 0, "by_round": {}})
            p["samples"] += [s for s in r.get("samples", [r["median"]]) if s is not None]
            p["rounds"] += 1
            rnd = round_of(path)
            if rnd is not None and r.get("median") is not None:
                p["by_round"][rnd] = r["median"]
    return pooled


def round_of(path):
    """The round number in a compare.sh file name (profundo_main_r3.json -> 3), or None."""
    stem = os.path.basename(path).rsplit(".", 1)[0]
    tail = stem.rsplit("_r", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None


def oriented(metric, prof_value, torch_value):
    """Profundo against PyTorch, > 1 when Profundo is faster (or leaner)."""
    return prof_value / torch_value if HIGHER_IS_BETTER[metric] else torch_value / prof_value


def round_ratios(metric, p, t):
    """The ratio of each round both sides ran, in round order."""
    return [oriented(metric, p["by_round"][r], t["by_round"][r])
            for r in sorted(p["by_round"]) if r in t["by_round"] and p["by_round"][r] and t["by_round"][r]]


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"


def cell(p):
    if not p or not p["samples"]:
        return "-"
    s = p["samples"]
    return f"{fmt(statistics.median(s))} [{fmt(min(s))}–{fmt(max(s))}]"


def scaling(d, command):
    """The table of a compare.sh --scaling run: each workload on one thread and on N, and the speed-up."""
    many, one = load(os.path.join(d, "profundo_*.json")), load(os.path.join(d, "one_*.json"))
    threads = next(iter(many.values()))["threads"] if many else "N"
    print(f"| workload | metric | 1 thread median [min–max] | {threads} threads median [min–max] "
          f"| speed-up (goal ≥ 1.85×) | per-round speed-ups [min–max] |")
    print("|---|---|---:|---:|---:|---:|")
    for n in many:
        m, o = many[n], one.get(n)
        metric = m["metric"]
        speedup, per_round = "-", "-"
        if o and m["samples"] and o["samples"]:
            r = oriented(metric, statistics.median(m["samples"]), statistics.median(o["samples"]))
            speedup = f"**{r:.2f}×**" if r >= 1.85 else f"{r:.2f}×"
            rr = round_ratios(metric, m, o)
            per_round = f"{min(rr):.2f}–{max(rr):.2f}×" if len(rr) > 1 else f"{rr[0]:.2f}× (1 round)" if rr else "-"
        print(f"| {n} | {metric} | {cell(o)} | {cell(m)} | {speedup} | {per_round} |")
    rounds = max([x["rounds"] for x in many.values()] or [0])
    print()
    print(f"Command: `{command}` — {rounds} alternating round(s) per thread count; per-round speed-ups pair each "
          f"{threads}-thread round with the 1-thread round run right after it.")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
          f"load average at summary time {', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    if many:
        print(f"Profundo: {next(iter(many.values()))['config']}")


def main():
    args = sys.argv[1:]
    scaling_mode = bool(args) and args[0] == "--scaling"
    if scaling_mode:
        args = args[1:]
    if not args:
        sys.exit("usage: summarize.py [--scaling] RESULTS_DIR [COMMAND]")
    d = args[0]
    command = args[1] if len(args) > 1 else "bench/compare.sh"
    if scaling_mode:
        scaling(d, command)
        return
    prof, torch = load(os.path.join(d, "profundo_*.json")), load(os.path.join(d, "torch_*.json"))
    names = list(prof) + [n for n in torch if n not in prof]
    measured = prof.get("fma_peak")
    peak_of = {}
    if measured and measured["samples"]:
        peak_of[measured["threads"]] = statistics.median(measured["samples"])
        peak_label = f"Profundo % of FMA peak (measured: {peak_of[measured['threads']]:.0f} GFLOP/s)"
    else:
        peak_of = dict(PEAK_GFLOPS)
        peak_label = "Profundo % of FMA peak (nominal)"
    print("| workload | metric | Profundo median [min–max] | PyTorch median [min–max] | ratio (>1 = Profundo faster) "
          f"| per-round ratios [min–max] | {peak_label} |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for n in names:
        p, t = prof.get(n), torch.get(n)
        metric = (p or t)["metric"]
        ratio, per_round = "-", "-"
        if p and t and p["samples"] and t["samples"]:
            r = oriented(metric, statistics.median(p["samples"]), statistics.median(t["samples"]))
            ratio = f"**{r:.2f}×**" if r >= 1 else f"{r:.2f}×"
            rr = round_ratios(metric, p, t)
            if len(rr) > 1:
                per_round = f"{min(rr):.2f}–{max(rr):.2f}×"
            elif rr:
                per_round = f"{rr[0]:.2f}× (1 round)"
        peak = "-"
        if metric == "gflops" and n != "fma_peak" and p and p["samples"] and p["threads"] in peak_of:
            peak = f"{100 * statistics.median(p['samples']) / peak_of[p['threads']]:.0f} %"
        print(f"| {n} | {metric} | {cell(p)} | {cell(t)} | {ratio} | {per_round} | {peak} |")
    rounds = max([x["rounds"] for x in list(prof.values()) + list(torch.values())] or [0])
    print()
    print(f"Command: `{command}` — {rounds} alternating round(s) per side; medians pool every timed repeat of every round; "
          "per-round ratios pair each Profundo round with the PyTorch round run right after it.")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
          f"load average at summary time {', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    if prof:
        print(f"Profundo: {next(iter(prof.values()))['config']}")
    if torch:
        print(f"PyTorch: {next(iter(torch.values()))['config']}")
    print("Peak RSS (cnn_train_peak_rss) runs in a process of its own on each side; it is the whole process's VmHWM.")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
