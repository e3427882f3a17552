#!/usr/bin/python3
"""The Profundo benchmark workloads in PyTorch (the side-by-side reference of bench/compare.sh).

Same workloads, timing method and JSON records as `profundo bench` (dev.profundo.cli.bench):
  gemm_LAYOUT_MxKxN   C = op(A) @ op(B), op(A) M x K, op(B) K x N; nt: B stored N x K, tn: A stored K x M;
                      torch.mm(..., out=C) into a preallocated C; figure gflops = 2*M*N*K / s / 1e9
  cnn_train_b128      conv 1->32 3x3 p1, ReLU, maxpool 2; conv 32->64 3x3 p1, ReLU, maxpool 2; linear 3136->128,
                      ReLU; linear 128->10; cross-entropy; Adam(lr=1e-3); images_per_second
  mlp_train_b128      784-256-128-10 with ReLU; SGD(lr=0.05, momentum=0.9); images_per_second
  resnet_train_b128   Profundo's default resnet (pooled variant: 3x3 stem 32, conv+maxpool to 64 and 128 channels,
                      one residual block at each, batch norm);
                      AdamW(lr=3e-3, weight_decay=0.05); images_per_second
  cnn_train_peak_rss  the CNN training step; figure = VmHWM of the process in MiB (run it first/alone)
  {cnn,mlp}_infer_b1  eval() + no_grad forward of one image; latency_ms
  {cnn,mlp}_infer_b256  same at batch 256; images_per_second
Data: synthetic Fashion-MNIST-shaped 1x28x28 standard-normal images, uniform labels in 0..9, a pool of 8 batches
cycled in order (training); PyTorch default init; seed 0; zero_grad(set_to_none=True).
Timing: one call, then warm-up in chunks of --min-time seconds until at least --warmup seconds have passed and two
consecutive chunks agree within 5 % (at most max(warmup, min(15, 5*warmup)) s), then --repeats timed runs that each
loop the call for at least --min-time seconds.

Configuration ("tuned" anchor of /work/shared/bench/RESULTS.md): 2 threads (torch.set_num_threads, OMP and OpenBLAS
pools), OpenMP OpenBLAS with its AVX-512 kernels:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
plus glibc malloc kept from handing freed memory back to the kernel:
  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647
Without the last two, every training step's activations (12.8 MB tensors for the CNN) are fresh mmap'ed or
re-grown heap pages, and the page faults cost PyTorch 3-4x here (CNN training ~1,150 instead of ~4,500 img/s
on this machine). The shared reference script train_fmnist.py escapes this by accident: the dataset it keeps
in memory sits on top of the heap, so glibc cannot trim it.
The script re-executes itself in that environment unless --as-is is given (needs apt package libopenblas0-openmp).

Usage: /usr/bin/python3 bench/torch_workloads.py [NAME...] [--json FILE] [--threads 2] [--repeats 5] [--quick]
       [--warmup S] [--min-time S] [--channels-last] [--list] [--as-is]
"""
import argparse
import fnmatch
import json
import os
import statistics
import sys
import time

OPENMP_BLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
TUNED_UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "2147483647"}
STABLE_TOLERANCE = 0.05
POOL_BATCHES = 8
TRAIN_BATCH = 128
SEED = 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", metavar="NAME", help="workload name, prefix (gemm, cnn_infer) or glob")
    p.add_argument("--json", default=None, help="write the list of records to this file")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=None, help="timed repeats (default 5, --quick 3)")
    p.add_argument("--quick", action="store_true", help="warm-up 2-8 s, repeats of 0.25 s")
    p.add_argument("--warmup", type=float, default=None, help="minimum warm-up seconds (default 3)")
    p.add_argument("--min-time", type=float, default=None, help="minimum seconds per repeat (default 0.5)")
    p.add_argument("--channels-last", action="store_true", help="cnn in NHWC memory format (PyTorch's faster CNN)")
    p.add_argument("--list", action="store_true", help="list the workloads and exit")
    p.add_argument("--as-is", action="store_true", help="keep the environment (do not switch to the tuned one)")
    a = p.parse_args()
    if a.threads < 1 or (a.repeats is not None and a.repeats < 1):
        p.error("--threads and --repeats must be >= 1")
    warm_min, warm_max, min_time, repeats = (2.0, 8.0, 0.25, 3) if a.quick else (3.0, 15.0, 0.5, 5)
    if a.warmup is not None:
        if a.warmup < 0:
            p.error("--warmup must be >= 0")
        warm_min, warm_max = a.warmup, max(a.warmup, min(warm_max, 5 * a.warmup))
    if a.min_time is not None:
        if a.min_time <= 0:
            p.error("--min-time must be > 0")
        min_time = a.min_time
    a.plan = (warm_min, warm_max, min_time, a.repeats or repeats)
    return a


def reexec_tuned(args):
    """Restarts this script with the tuned OpenBLAS environment (must happen before torch is imported)."""
    if args.as_is:
        return
    if not os.path.isdir(OPENMP_BLAS_DIR):
        print(f"# WARNING: {OPENMP_BLAS_DIR} is missing (apt-get install libopenblas0-openmp); running as-is",
              file=sys.stderr)
        return
    env = {k: v for k, v in os.environ.items() if k not in TUNED_UNSET}
    env["LD_LIBRARY_PATH"] = OPENMP_BLAS_DIR
    env.update(TUNED_MALLOC)
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:], "--as-is"], env)


# ------------------------------------------------------------------------------------------ workloads
def gemm_specs():
    specs = [(False, False, s, s, s) for s in (256, 512, 1024, 2048, 4096)]
    specs += [(False, False, 128, 784, 256), (False, False, 128, 3136, 128),
              (False, False, 4096, 256, 1024), (False, False, 4096, 1024, 256),
              (False, True, 128, 784, 256), (False, True, 128, 3136, 128),
              (True, False, 784, 128, 256), (True, False, 3136, 128, 128)]
    return specs


def gemm_name(ta, tb, m, k, n):
    return f"gemm_{'t' if ta else 'n'}{'t' if tb else 'n'}_{m}x{k}x{n}"


def workloads():
    """(name, metric, units per call, setup) in the same order as `profundo bench --list`."""
    out = [("cnn_train_peak_rss", "peak_rss_mib", TRAIN_BATCH, lambda: train_step("cnn"))]
    for ta, tb, m, k, n in gemm_specs():
        out.append((gemm_name(ta, tb, m, k, n), "gflops", 2.0 * m * n * k,
                    (lambda ta=ta, tb=tb, m=m, k=k, n=n: gemm_call(ta, tb, m, k, n))))
    out.append(("cnn_train_b128", "images_per_second", TRAIN_BATCH, lambda: train_step("cnn")))
    out.append(("mlp_train_b128", "images_per_second", TRAIN_BATCH, lambda: train_step("mlp")))
    out.append(("resnet_train_b128", "images_per_second", TRAIN_BATCH, lambda: train_step("resnet")))
    for batch in (1, 256):
        metric = "latency_ms" if batch == 1 else "images_per_second"
        for model in ("cnn", "mlp"):
            out.append((f"{model}_infer_b{batch}", metric, batch, (lambda model=model, batch=batch: infer(model, batch))))
    return out


def gemm_call(ta, tb, m, k, n):
    g = torch.Generator().manual_seed(42)
    a = torch.rand(k, m, generator=g) * 2 - 1 if ta else torch.rand(m, k, generator=g) * 2 - 1
    b = torch.rand(n, k, generator=g) * 2 - 1 if tb else torch.rand(k, n, generator=g) * 2 - 1
    a_op, b_op = (a.t() if ta else a), (b.t() if tb else b)
    c = torch.empty(m, n)
    return lambda: torch.mm(a_op, b_op, out=c)


def make_resnet():
    """Profundo's default resnet (vision/models/ResNet.java, pooled variant), 463,594 parameters:
    stem 3x3 1->32; conv 32->64, maxpool 2, BN, ReLU, residual block 64; conv 64->128, maxpool 2, BN, ReLU,
    residual block 128; global average pool; linear 128->10."""

    class BasicBlock(nn.Module):  # defined here: torch is imported only after the thread environment is set
        """relu(bn2(conv2(relu(bn1(conv1(x))))) + x)."""

        def __init__(self, c):
            super().__init__()
            self.conv1 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(c)
            self.conv2 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(c)

        def forward(self, x):
            h = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.bn2(self.conv2(h)) + x)

    def transition(cin, cout):
        return [nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(cout), nn.ReLU()]

    return nn.Sequential(nn.Conv2d(1, 32, 3, 1, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                         *transition(32, 64), BasicBlock(64), *transition(64, 128), BasicBlock(128),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))


def make_model(kind):
    if kind == "resnet":
        return make_resnet()
    if kind == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))


def layout(kind, t):
    if kind == "cnn" and ARGS.channels_last:
        return t.to(memory_format=torch.channels_last)
    return t


def train_step(kind):
    torch.manual_seed(SEED)
    model = layout(kind, make_model(kind))
    model.train()
    opt = (torch.optim.Adam(model.parameters(), lr=1e-3) if kind == "cnn"
           else torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05) if kind == "resnet"
           else torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9))
    g = torch.Generator().manual_seed(SEED)
    xs = [layout(kind, torch.randn(TRAIN_BATCH, 1, 28, 28, generator=g)) for _ in range(POOL_BATCHES)]
    ys = [torch.randint(0, 10, (TRAIN_BATCH,), generator=g) for _ in range(POOL_BATCHES)]
    state = {"next": 0}

    def step():
        b = state["next"] % POOL_BATCHES
        state["next"] += 1
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xs[b]), ys[b])
        loss.backward()
        opt.step()
    return step


def infer(kind, batch):
    torch.manual_seed(SEED)
    model = layout(kind, make_model(kind))
    model.eval()
    x = layout(kind, torch.randn(batch, 1, 28, 28, generator=torch.Generator().manual_seed(SEED)))

    def forward():
        with torch.no_grad():
            model(x)
    return forward


# ------------------------------------------------------------------------------------------ timing
def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def loop(call, min_seconds):
    calls, t0 = 0, time.perf_counter()
    while True:
        call()
        calls += 1
        dt = time.perf_counter() - t0
        if dt >= min_seconds:
            return calls, dt


def measure(metric, units, setup, plan):
    warm_min, warm_max, min_time, repeats = plan
    call = setup()
    start = time.perf_counter()
    call()
    previous = None
    while time.perf_counter() - start < warm_max:
        calls, dt = loop(call, min_time)
        rate = calls / dt
        if (time.perf_counter() - start >= warm_min and previous is not None
                and abs(rate - previous) <= STABLE_TOLERANCE * previous):
            break
        previous = rate
    warmup = time.perf_counter() - start
    samples = []
    for _ in range(repeats):
        calls, dt = loop(call, min_time)
        if metric == "gflops":
            samples.append(units * calls / dt / 1e9)
        elif metric == "images_per_second":
            samples.append(units * calls / dt)
        elif metric == "latency_ms":
            samples.append(dt * 1e3 / calls)
        else:
            samples.append(peak_rss_mib())
    return samples, warmup


def config_line(threads):
    pools = []
    try:
        from threadpoolctl import threadpool_info
        for d in threadpool_info():
            if d.get("internal_api") == "openblas":
                pools.append(f"OpenBLAS {d.get('version')} {d.get('threading_layer')} kernel {d.get('architecture')}")
    except ImportError:
        pass
    unset = ", ".join(f"{k}={os.environ[k]}" for k in TUNED_UNSET if k in os.environ) or "OPENBLAS_CORETYPE/L2_SIZE unset"
    return (f"PyTorch {torch.__version__} on Python {sys.version.split()[0]}, {threads} threads "
            f"(torch.set_num_threads), {'; '.join(pools) or 'BLAS unknown'}, {unset}, "
            f"LD_LIBRARY_PATH={os.environ.get('LD_LIBRARY_PATH', '')}, "
            f"{' '.join(f'{k}={os.environ.get(k)}' for k in TUNED_MALLOC)}, mkldnn={torch.backends.mkldnn.is_available()}, "
            f"cnn layout {'channels_last' if ARGS.channels_last else 'NCHW'}")


def select(names, all_workloads):
    if not names:
        return all_workloads
    chosen = set()
    for p in names:
        hits = [w[0] for w in all_workloads
                if (fnmatch.fnmatchcase(w[0], p) if "*" in p else (w[0] == p or w[0].startswith(p + "_")))]
        if not hits:
            sys.exit(f"torch_workloads: no workload matches '{p}'; known: {', '.join(w[0] for w in all_workloads)}")
        chosen.update(hits)
    return [w for w in all_workloads if w[0] in chosen]


def record(name, metric, threads, samples, warmup, config):
    med = statistics.median(samples)
    return {"name": name, metric: med, "metric": metric, "threads": threads, "median": med,
            "min": min(samples), "max": max(samples), "repeats": len(samples), "samples": samples,
            "warmup_s": warmup, "config": config}


def main():
    chosen = select(ARGS.names, workloads())
    if ARGS.list:
        for name, metric, _, _ in chosen:
            print(f"{name:26s} {metric}")
        return
    threads = torch.get_num_threads()
    config = config_line(threads)
    print(f"# torch_workloads: {config}", file=sys.stderr, flush=True)
    results = []
    for name, metric, units, setup in chosen:
        samples, warmup = measure(metric, units, setup, ARGS.plan)
        r = record(name, metric, threads, samples, warmup, config)
        results.append(r)
        print(f"#   {name} {metric} median {r['median']:.4g} [{r['min']:.4g}-{r['max']:.4g}], "
              f"{r['repeats']} repeats after {warmup:.1f} s warm-up", file=sys.stderr, flush=True)
    print("| workload | metric | median | min | max | repeats | threads |\n|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['name']} | {r['metric']} | {r['median']:.4g} | {r['min']:.4g} | {r['max']:.4g} | "
              f"{r['repeats']} | {r['threads']} |")
    print(f"config: {config}")
    if ARGS.json:
        os.makedirs(os.path.dirname(os.path.abspath(ARGS.json)), exist_ok=True)
        with open(ARGS.json, "w") as f:
            f.write("[\n" + ",\n".join("  " + json.dumps(r) for r in results) + "\n]\n")


ARGS = parse_args()
if not ARGS.list:
    reexec_tuned(ARGS)
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
import torch  # noqa: E402  (after the thread environment is pinned)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)
try:
    from threadpoolctl import threadpool_limits
    threadpool_limits(ARGS.threads)
except ImportError:
    pass

if __name__ == "__main__":
    main()
