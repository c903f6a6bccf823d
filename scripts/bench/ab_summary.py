#!/usr/bin/env python3
"""Summarizes an A/B run of lib.sh's ab_compare: the median received msg/s per side (the label
before '/'), and B's median as a share of A's, A being the side seen first.
  scripts/bench/ab_summary.py results.jsonl "b / a"
"""
import json
import statistics
import sys

rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows.setdefault(r["label"].split("/")[0], []).append(r["received_per_s"])
for k, v in rows.items():
    print(f"{k}: median {statistics.median(v):,.0f} msg/s over {len(v)} runs {[round(x) for x in v]}")
if len(rows) == 2:
    a, b = [statistics.median(v) for v in rows.values()]
    print(f"ratio ({sys.argv[2]}): {b / a:.1%}")
