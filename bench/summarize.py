#!/usr/bin/python3
"""Merges the JSON records of a bench/compare.sh run into one markdown table.

Usage: summarize.py RESULTS_DIR [COMMAND]
Reads RESULTS_DIR/profundo_*.json and torch_*.json (lists of records from `profundo bench --json` and
torch_workloads.py), pools each workload's samples over all rounds, and prints per workload the pooled
median [min-max] of both sides and the ratio, oriented so that > 1 means Profundo is faster (or leaner):
Profundo/PyTorch for throughputs, PyTorch/Profundo for latency and peak RSS. GEMM rows also get Profundo's
share of the measured FMA peak (/work/shared/bench/RESULTS.md: 525 GFLOP/s on 2 threads, 264 on 1).
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
                                              "config": r.get("config", ""), "rounds": 0})
            p["samples"] += [s for s in r.get("samples", [r["median"]]) if s is not None]
            p["rounds"] += 1
    return pooled


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"


def cell(p):
    if not p or not p["samples"]:
        return "-"
    s = p["samples"]
    return f"{fmt(statistics.median(s))} [{fmt(min(s))}–{fmt(max(s))}]"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: summarize.py RESULTS_DIR [COMMAND]")
    d = sys.argv[1]
    command = sys.argv[2] if len(sys.argv) > 2 else "bench/compare.sh"
    prof, torch = load(os.path.join(d, "profundo_*.json")), load(os.path.join(d, "torch_*.json"))
    names = list(prof) + [n for n in torch if n not in prof]
    print("| workload | metric | Profundo median [min–max] | PyTorch median [min–max] | ratio (>1 = Profundo faster) | Profundo % of FMA peak |")
    print("|---|---|---:|---:|---:|---:|")
    for n in names:
        p, t = prof.get(n), torch.get(n)
        metric = (p or t)["metric"]
        ratio = "-"
        if p and t and p["samples"] and t["samples"]:
            pm, tm = statistics.median(p["samples"]), statistics.median(t["samples"])
            r = pm / tm if HIGHER_IS_BETTER[metric] else tm / pm
            ratio = f"**{r:.2f}×**" if r >= 1 else f"{r:.2f}×"
        peak = "-"
        if metric == "gflops" and p and p["samples"] and p["threads"] in PEAK_GFLOPS:
            peak = f"{100 * statistics.median(p['samples']) / PEAK_GFLOPS[p['threads']]:.0f} %"
        print(f"| {n} | {metric} | {cell(p)} | {cell(t)} | {ratio} | {peak} |")
    rounds = max([x["rounds"] for x in list(prof.values()) + list(torch.values())] or [0])
    print()
    print(f"Command: `{command}` — {rounds} alternating round(s) per side; medians pool every timed repeat of every round.")
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
