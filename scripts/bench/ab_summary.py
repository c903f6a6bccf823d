#!/usr/bin/env python3
"""Summarizes an A/B run of lib.sh's ab_compare: per side (the label before '/'), the median
received msg/s and the median broker CPU per message (the broker process's CPU over the measured
phase, from loadgen's --broker-pid, divided by the messages it delivered); then B's medians as a
share of A's, A being the side seen first. The CPU share is what a broker bound by its own CPU
(the load generator and Kafka on other cores) would keep.
  scripts/bench/ab_summary.py results.jsonl "b / a"
"""
import json
import statistics
import sys

rates = {}
cpu = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    side = r["label"].split("/")[0]
    rates.setdefault(side, []).append(r["received_per_s"])
    if r.get("broker") and r["received_per_s"] > 0:
        cpu.setdefault(side, []).append(r["broker"]["cpu_pct"] / 100 * 1e6 / r["received_per_s"])
for k, v in rates.items():
    line = f"{k}: median {statistics.median(v):,.0f} msg/s over {len(v)} runs {[round(x) for x in v]}"
    if k in cpu:
        line += f"; broker CPU {statistics.median(cpu[k]):.2f} µs/msg {[round(x, 2) for x in cpu[k]]}"
    print(line)
if len(rates) == 2:
    a, b = [statistics.median(v) for v in rates.values()]
    print(f"ratio ({sys.argv[2]}): {b / a:.1%}")
    if len(cpu) == 2:
        ca, cb = [statistics.median(v) for v in cpu.values()]
        print(f"broker CPU per message, A / B ({sys.argv[2]} for a CPU-bound broker): {ca / cb:.1%}")
