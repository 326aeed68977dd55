#!/usr/bin/env python3
"""Times matplotlib writing the 1,000-point SVG line chart that `benches/charts.rs` draws
with plotters ("trend chart, 1,000 points, to SVG"), for the ratio issue 4 asks for.

Same content: a 1000x600 px chart with title and subtitle, a 1,000-point line, a dotted
target for the last 52 points, a dashed three-point forecast, a baseline line, a legend,
grid, tick labels with thousands separators, and text kept as text (svg.fonttype none,
as plotters writes it). Each run builds the figure and writes the SVG to memory; the
best of N runs is reported (as criterion's estimates are, it excludes Python's start-up
and matplotlib's import).

Usage: python3 benches/matplotlib_chart.py [--runs N] [--rust-ms MS]
Installs matplotlib from PyPI first when it is missing.
"""

import argparse
import importlib.util
import io
import math
import subprocess
import sys
import time


def ensure_matplotlib():
    if importlib.util.find_spec("matplotlib") is None:
        print("installing matplotlib from PyPI ...", file=sys.stderr)
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"]
        if subprocess.call(cmd) != 0:
            # Debian's system Python refuses pip without this flag (PEP 668).
            subprocess.check_call(cmd + ["--break-system-packages"])


def draw(plt, ticker, n=1000):
    xs = list(range(n))
    ys = [100.0 + 40.0 * math.sin(i * 0.05) + i * 0.02 for i in xs]
    fx = list(range(n - 1, n + 3))
    fy = [100.0 + 40.0 * math.sin(i * 0.05) + i * 0.02 for i in fx]
    fig, ax = plt.subplots(figsize=(10, 6), dpi=100)
    fig.suptitle("Weekly visits to the family resource centres", x=0.02, ha="left",
                 fontweight="bold", fontsize=16)
    ax.set_title("Family Resource Network · How much did we do?", loc="left", fontsize=11,
                 color="#555555")
    ax.plot(xs, ys, color="#0072B2", linewidth=2, label="Actual")
    ax.plot(range(n - 52, n), [150.0] * 52, color="#333333", linestyle=":", linewidth=2,
            label="Target")
    ax.plot(fx, fy, color="#0072B2", linestyle="--", linewidth=2,
            label="Forecast if nothing changes")
    ax.axvline(0, color="#888888", linestyle=":", linewidth=1)
    ax.plot([n - 1], [ys[-1]], "o", color="#0072B2")
    labels = [f"{2000 + i // 52}W{i % 52 + 1:02}" for i in range(n + 3)]
    ax.set_xticks(range(0, n + 3, 100))
    ax.set_xticklabels(labels[::100])
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="y", color="#E3E3E3")
    ax.legend(loc="upper left", ncols=3, frameon=False)
    ax.text(0, -0.12, "Source: centre sign-in sheets", transform=ax.transAxes,
            fontsize=9, color="#555555")
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rust-ms", type=float, help="plotters' time, for the ratio")
    args = parser.parse_args()
    ensure_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    plt.rcParams["svg.fonttype"] = "none"
    draw(plt, ticker)  # warm-up: font cache, first-use imports
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        svg = draw(plt, ticker)
        times.append(time.perf_counter() - start)
    best = min(times) * 1000
    median = sorted(times)[len(times) // 2] * 1000
    print(f"matplotlib {matplotlib.__version__}: 1,000-point SVG line chart "
          f"best {best:.2f} ms, median {median:.2f} ms over {args.runs} runs "
          f"({len(svg):,} bytes)")
    if args.rust_ms:
        print(f"ratio matplotlib / plotters (best): {best / args.rust_ms:.0f}x")


if __name__ == "__main__":
    main()
