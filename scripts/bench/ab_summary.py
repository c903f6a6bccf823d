#!/usr/bin/env python3
"""Summarizes an A/B run of lib.sh's ab_compare: per side (the label before '/'), the median
received msg/s and the median broker CPU per message (the broker process's CPU over the measured
phase, from loadgen's --broker-pid, divided by the messages it delivered); then B's medians as a
share of A's, A being the side seen first. The CPU share is what a broker bound by its own CPU
(the load generator and Kafka on other cores) would keep. Last, where that CPU went: the median
per message of each of the broker's thread groups (event loops, the audit shipper, the JIT
compiler, GC...), from loadgen's per-thread sample.
  scripts/bench/ab_summary.py results.jsonl "b / a"
"""
import json
import statistics
import sys

rates = {}
cpu = {}
threads = {}  # side -> thread group -> [µs/msg]
for line in open(sys.argv[1]):
    r = json.loads(line)
    side = r["label"].split("/")[0]
    rates.setdefault(side, []).append(r["received_per_s"])
    if r.get("broker") and r["received_per_s"] > 0:
        per_msg = 1e6 / 100 / r["received_per_s"]
        cpu.setdefault(side, []).append(r["broker"]["cpu_pct"] * per_msg)
        for group, pct in r["broker"].get("threads_cpu_pct", {}).items():
            threads.setdefault(side, {}).setdefault(group, []).append(pct * per_msg)
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
if threads:
    groups = sorted({g for t in threads.values() for g in t},
                    key=lambda g: -max(statistics.median(t.get(g, [0])) for t in threads.values()))
    print("broker CPU per message by thread group, µs (median; a group missing from a run counts 0):")
    for g in groups:
        medians = []
        for side, t in threads.items():
            runs = len(rates[side])
            values = t.get(g, []) + [0] * (runs - len(t.get(g, [])))
            medians.append(f"{side} {statistics.median(values):.2f}")
        print(f"  {g:<16} " + ", ".join(medians))
