#!/usr/bin/env python3
"""Summaries of a JFR recording's execution samples, as used in the performance notes.

Record with 1 ms sampling, for example:
    java -XX:StartFlightRecording=filename=run.jfr,settings=profile,jdk.ExecutionSample#period=1ms ...
then:
    tools/jfr_profile.py top run.jfr [--threads main] [--limit 30]
        hottest leaf frames per thread, each with the first Profundo frame outside the kernels and the
        thread pool that led there (who called the kernel)
    tools/jfr_profile.py serial run.jfr [--thread main] [--depth 3]
        the calling thread's samples outside Parallel.forRange: the work the other cores cannot share
    tools/jfr_profile.py folded run.jfr > run.folded
        one line per distinct stack, root first, frames separated by ';', then the sample count
    tools/jfr_profile.py svg run.jfr > run.svg
        a flame graph of those stacks (width = samples; hover a box for its frame and share)

Needs the JDK's `jfr` tool: $JAVA_HOME/bin/jfr, or `jfr` on PATH.
"""
import argparse
import collections
import html
import os
import re
import shutil
import subprocess
import sys

PROJECT = "dev.profundo."
FRAME = re.compile(r"^\s{4}(\S+?)\((.*?)\)(?: line: (\d+))?", re.M)


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    found = shutil.which("jfr")
    if not found:
        sys.exit("jfr_profile: no `jfr` tool: set JAVA_HOME to a JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)")
    return found


def samples(path):
    """Yields (thread name, frames leaf first) for every execution sample in the recording."""
    if not os.path.exists(path):
        sys.exit(f"jfr_profile: no such recording: {path}")
    out = subprocess.run([jfr_tool(), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"jfr_profile: `jfr print` failed on {path}: {out.stderr.strip()}")
    for event in out.stdout.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = [name for name, _, _ in FRAME.findall(event)]
        if thread and frames:
            yield thread.group(1), frames


def short(frame):
    return frame[len(PROJECT):] if frame.startswith(PROJECT) else frame


def caller(frames):
    """The first project frame that is neither a kernel nor the thread pool: the op that led here."""
    for f in frames:
        if f.startswith(PROJECT) and ".kernels." not in f:
            return short(f)
    return ""


def top(args):
    per_thread = collections.defaultdict(collections.Counter)
    for thread, frames in samples(args.recording):
        if args.threads and thread not in args.threads:
            continue
        per_thread[thread][f"{short(frames[0])}  <- {caller(frames)}"] += 1
    for thread, counts in sorted(per_thread.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(counts.values())
        print(f"== {thread}: {total} samples")
        for key, n in counts.most_common(args.limit):
            print(f"{n:7d} {100 * n / total:5.1f}%  {key}")


def serial(args):
    counts, total = collections.Counter(), 0
    for thread, frames in samples(args.recording):
        if thread != args.thread or not any(f.startswith(PROJECT) for f in frames):
            continue
        total += 1
        if any(".kernels.Parallel" in f for f in frames):
            continue
        own = [short(f) for f in frames if f.startswith(PROJECT)]
        counts[" < ".join(own[:args.depth])] += 1
    outside = sum(counts.values())
    print(f"{args.thread}: {total} samples in project code, {outside} ({100 * outside / max(1, total):.1f} %) "
          f"outside parallel regions")
    for key, n in counts.most_common(args.limit):
        print(f"{n:7d} {100 * n / max(1, total):5.1f}%  {key}")


def stacks(path):
    counts = collections.Counter()
    for thread, frames in samples(path):
        counts[";".join([thread] + [short(f) for f in reversed(frames)])] += 1
    return counts


def folded(args):
    for stack, n in sorted(stacks(args.recording).items()):
        print(f"{stack} {n}")


def svg(args):
    # Build the tree of stacks (root = all samples), then lay each node out under its parent.
    root = {"name": "all", "n": 0, "kids": {}}
    for stack, n in stacks(args.recording).items():
        node = root
        node["n"] += n
        for frame in stack.split(";"):
            node = node["kids"].setdefault(frame, {"name": frame, "n": 0, "kids": {}})
            node["n"] += n
    width, row = 1200.0, 16
    boxes, depth_max = [], 0

    def place(node, x, depth):
        nonlocal depth_max
        depth_max = max(depth_max, depth)
        w = width * node["n"] / root["n"]
        if w >= 0.3:
            boxes.append((x, depth, w, node))
        cx = x
        for kid in sorted(node["kids"].values(), key=lambda k: k["name"]):
            place(kid, cx, depth + 1)
            cx += width * kid["n"] / root["n"]

    place(root, 0.0, 0)
    height = (depth_max + 1) * row + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
           f'font-family="monospace" font-size="11">',
           f'<text x="4" y="14">{html.escape(os.path.basename(args.recording))}: '
           f'{root["n"]} samples (root at the bottom)</text>']
    for x, depth, w, node in boxes:
        y = height - (depth + 1) * row
        name = node["name"]
        hue = 30 if ".kernels." in name or "Gemm" in name else 200 if name.startswith(("java.", "jdk.")) else 110
        share = 100 * node["n"] / root["n"]
        label = name if len(name) * 6.6 < w else name[: max(0, int(w / 6.6) - 2)] + ".." if w > 20 else ""
        out.append(f'<g><title>{html.escape(name)}: {node["n"]} samples, {share:.1f} %</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="hsl({hue},55%,65%)"/>'
                   f'<text x="{x + 2:.1f}" y="{y + 11}">{html.escape(label)}</text></g>')
    out.append("</svg>")
    print("\n".join(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("top", help="hottest leaf frames per thread")
    t.add_argument("recording")
    t.add_argument("--threads", nargs="*", help="only these threads (default: all)")
    t.add_argument("--limit", type=int, default=30)
    t.set_defaults(fn=top)
    s = sub.add_parser("serial", help="the calling thread's samples outside parallel regions")
    s.add_argument("recording")
    s.add_argument("--thread", default="main")
    s.add_argument("--depth", type=int, default=3)
    s.add_argument("--limit", type=int, default=30)
    s.set_defaults(fn=serial)
    f = sub.add_parser("folded", help="folded stacks, for any flame-graph tool")
    f.add_argument("recording")
    f.set_defaults(fn=folded)
    g = sub.add_parser("svg", help="a flame graph as SVG on standard output")
    g.add_argument("recording")
    g.set_defaults(fn=svg)
    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
