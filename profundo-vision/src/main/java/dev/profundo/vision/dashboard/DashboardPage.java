package dev.profundo.vision.dashboard;

/** The dashboard's single page: HTML, CSS and JavaScript with no external assets. */
final class DashboardPage {
    private DashboardPage() {}

    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Profundo training</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#222}
            header{background:#1f2937;color:#fff;padding:.8em 1.4em;display:flex;align-items:center;gap:1em}
            header h1{font-size:1.2em;margin:0;font-weight:600} #model{color:#cbd5e1;font-size:.9em}
            #conn{margin-left:auto;font-size:.85em;padding:.2em .6em;border-radius:1em;background:#475569}
            #conn.live{background:#15803d} #conn.finished{background:#1d4ed8} #conn.lost{background:#b91c1c}
            main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em;padding:1em 1.4em}
            .card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:1em}
            .card h2{font-size:1em;margin:0 0 .6em 0;color:#374151}
            .stats{display:grid;grid-template-columns:repeat(3,1fr);gap:.6em}
            .stat{background:#f9fafb;border-radius:6px;padding:.5em .7em} .stat b{display:block;font-size:1.35em}
            .stat span{font-size:.8em;color:#6b7280}
            .bar{height:10px;background:#e5e7eb;border-radius:5px;overflow:hidden;margin-top:.8em}
            .bar div{height:100%;background:#2563eb;width:0%;transition:width .3s}
            canvas{width:100%;height:280px;display:block} #filters{max-width:100%;image-rendering:pixelated}
            </style></head><body>
            <header><h1>Profundo training dashboard</h1><span id="model"></span><span id="conn">connecting…</span></header>
            <main>
            <section class="card"><h2>Progress</h2>
            <div class="stats">
            <div class="stat"><b id="epoch">–</b><span>epoch</span></div>
            <div class="stat"><b id="batch">–</b><span>batch</span></div>
            <div class="stat"><b id="status">waiting</b><span>status</span></div>
            <div class="stat"><b id="rate">–</b><span>images / second</span></div>
            <div class="stat"><b id="eta">–</b><span>time left (ETA)</span></div>
            <div class="stat"><b id="acc">–</b><span>latest test accuracy</span></div>
            </div><div class="bar"><div id="progress"></div></div></section>
            <section class="card"><h2>Training loss per batch</h2><canvas id="lossChart" width="800" height="280"></canvas></section>
            <section class="card"><h2>Accuracy per epoch</h2><canvas id="accChart" width="800" height="280"></canvas></section>
            <section class="card"><h2>Latest first-layer filters</h2><img id="filters" alt="first-layer filters (none yet)"></section>
            </main>
            <script>
            "use strict";
            const $ = id => document.getElementById(id);
            let updates = 0, filtersShown = -1, polling = null;
            function fmtTime(s) {
              if (!isFinite(s) || s < 0) return "–";
              s = Math.round(s); const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
              return h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + r + "s" : r + "s";
            }
            function niceStep(raw) { const p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
              return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p; }
            function chart(canvas, series, xLabel, yLabel, intX) {
              const dpr = window.devicePixelRatio || 1, w = canvas.clientWidth || 800, h = canvas.clientHeight || 280;
              canvas.width = w * dpr; canvas.height = h * dpr;
              const g = canvas.getContext("2d"); g.setTransform(dpr, 0, 0, dpr, 0, 0); g.clearRect(0, 0, w, h);
              const L = 58, R = 14, T = 12, B = 40;
              let xs = [], ys = [];
              for (const s of series) for (const p of s.points) if (p[1] !== null && isFinite(p[1])) { xs.push(p[0]); ys.push(p[1]); }
              g.font = "12px system-ui, sans-serif"; g.fillStyle = "#6b7280";
              if (xs.length === 0) { g.fillText("waiting for data…", L + 10, T + 30); return; }
              let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
              if (x1 === x0) x1 = x0 + 1; if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
              const ys1 = niceStep((y1 - y0) / 5); y0 = Math.floor(y0 / ys1) * ys1; y1 = Math.ceil(y1 / ys1) * ys1;
              const X = x => L + (x - x0) / (x1 - x0) * (w - L - R), Y = y => h - B - (y - y0) / (y1 - y0) * (h - T - B);
              g.strokeStyle = "#eceff3"; g.lineWidth = 1; g.fillStyle = "#374151";
              const dec = Math.max(0, -Math.floor(Math.log10(ys1)));
              for (let v = y0; v <= y1 + ys1 * 1e-6; v += ys1) { g.beginPath(); g.moveTo(L, Y(v)); g.lineTo(w - R, Y(v)); g.stroke();
                g.fillText(v.toFixed(dec), L - 8 - g.measureText(v.toFixed(dec)).width, Y(v) + 4); }
              const xs1 = Math.max(niceStep((x1 - x0) / 6), intX ? 1 : 0.1), xdec = xs1 < 1 ? 1 : 0;
              for (let v = Math.ceil(x0 / xs1) * xs1; v <= x1 + 1e-9; v += xs1) { g.beginPath(); g.moveTo(X(v), T); g.lineTo(X(v), h - B); g.stroke();
                const t = v.toFixed(xdec); g.fillText(t, X(v) - g.measureText(t).width / 2, h - B + 16); }
              g.strokeStyle = "#6b7280"; g.beginPath(); g.moveTo(L, T); g.lineTo(L, h - B); g.lineTo(w - R, h - B); g.stroke();
              g.fillText(xLabel, L + (w - L - R) / 2 - g.measureText(xLabel).width / 2, h - 6);
              g.save(); g.translate(14, T + (h - T - B) / 2 + g.measureText(yLabel).width / 2); g.rotate(-Math.PI / 2); g.fillText(yLabel, 0, 0); g.restore();
              let ly = T + 6;
              for (const s of series) {
                g.strokeStyle = s.color; g.fillStyle = s.color; g.lineWidth = s.width || 2; g.beginPath(); let on = false;
                for (const p of s.points) { if (p[1] === null || !isFinite(p[1])) { on = false; continue; }
                  if (on) g.lineTo(X(p[0]), Y(p[1])); else g.moveTo(X(p[0]), Y(p[1])); on = true; }
                g.stroke();
                if (s.dots) for (const p of s.points) if (p[1] !== null && isFinite(p[1])) { g.beginPath(); g.arc(X(p[0]), Y(p[1]), 3.5, 0, 7); g.fill(); }
                if (s.name) { g.fillRect(w - R - 120, ly, 14, 4); g.fillStyle = "#374151"; g.fillText(s.name, w - R - 100, ly + 6); ly += 16; }
              }
            }
            function smooth(points, k) { let e = null; return points.map(p => { e = e === null ? p[1] : e + k * (p[1] - e); return [p[0], e]; }); }
            function render(s) {
              updates++; document.body.dataset.updates = String(updates); document.body.dataset.version = String(s.version);
              $("model").textContent = s.model || "";
              $("status").textContent = s.status;
              $("epoch").textContent = s.epoch > 0 ? s.epoch + (s.epochs > 0 ? " / " + s.epochs : "") : "–";
              $("batch").textContent = s.batch > 0 ? s.batch + (s.batches > 0 ? " / " + s.batches : "") : "–";
              $("rate").textContent = isFinite(s.images_per_second) && s.images_per_second !== null ? Math.round(s.images_per_second).toLocaleString("en") : "–";
              $("eta").textContent = s.status === "finished" ? "done" : fmtTime(s.eta_s);
              const done = s.epochs_done;
              const last = done.length ? done[done.length - 1].test_accuracy : null;
              $("acc").textContent = last !== null && isFinite(last) ? (100 * last).toFixed(2) + " %" : "–";
              const frac = s.status === "finished" ? 1 : s.epochs > 0 && s.batches > 0 ? ((s.epoch - 1) + s.batch / s.batches) / s.epochs : 0;
              $("progress").style.width = (100 * Math.min(1, Math.max(0, frac))).toFixed(1) + "%";
              $("lossChart").dataset.points = String(s.loss.length);
              chart($("lossChart"), [{name: "batch loss", points: s.loss, color: "#93c5fd", width: 1},
                                     {name: "smoothed", points: smooth(s.loss, 0.1), color: "#1d4ed8", width: 2.5}], "epoch", "loss");
              $("accChart").dataset.points = String(done.length);
              chart($("accChart"), [{name: "train", points: done.map(r => [r.epoch, r.train_accuracy]), color: "#1f77b4", dots: true},
                                    {name: "test", points: done.map(r => [r.epoch, r.test_accuracy]), color: "#ff7f0e", dots: true}],
                    "epoch", "accuracy", true);
              if (s.filters_version !== filtersShown) { filtersShown = s.filters_version; $("filters").src = "/filters.png?v=" + filtersShown; }
              const c = $("conn");
              if (s.status === "finished") { c.textContent = "training finished"; c.className = "finished"; }
              else { c.textContent = polling ? "live (polling)" : "live"; c.className = "live"; }
            }
            function poll() {
              if (polling) return;
              polling = setInterval(() => fetch("/state").then(r => r.json()).then(render)
                .catch(() => { $("conn").textContent = "disconnected"; $("conn").className = "lost"; }), 1000);
            }
            if (window.EventSource) {
              const es = new EventSource("/events");
              es.onmessage = e => render(JSON.parse(e.data));
              es.onerror = () => { es.close(); poll(); };
            } else poll();
            </script></body></html>
            """;
}
