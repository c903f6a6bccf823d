#!/usr/bin/env python3
"""Summarizes compare.sh results (JSON lines) as Markdown tables: median of the repeats per
broker and row, with the min-max range of the headline figure."""
import json
import statistics
import sys
from collections import defaultdict


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return "–"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def main(paths):
    runs = defaultdict(list)
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                d = json.loads(line)
                broker, row, _ = (d.get("label") or "?/?/?").split("/")
                runs[(row, broker)].append(d)

    print("| row | broker (n) | sent msgs/s | received msgs/s (min–max) | lost | p50 ms | p99 ms | max ms "
          "| broker CPU % | msgs in+out per broker CPU-s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (row, broker), ds in sorted(runs.items()):
        if row.startswith(("storm", "idle")):
            continue
        recv = [d.get("received_per_s") for d in ds]
        sent = median([d.get("sent_per_s") for d in ds])
        cpu = median([d.get("broker", {}).get("cpu_pct") for d in ds])
        rcv = median(recv)
        eff = (sent + rcv) / (cpu / 100) if sent and rcv and cpu else None
        print(f"| {row} | {broker} ({len(ds)}) | {fmt(sent)} | {fmt(rcv)} ({fmt(min(recv))}–{fmt(max(recv))}) "
              f"| {fmt(median([d.get('lost') for d in ds]))} "
              f"| {fmt(median([d['latency_ms'].get('p50') for d in ds]), 2)} "
              f"| {fmt(median([d['latency_ms'].get('p99') for d in ds]), 2)} "
              f"| {fmt(median([d['latency_ms'].get('max') for d in ds]), 1)} "
              f"| {fmt(cpu, 1)} | {fmt(eff)} |")
    print()
    print("| row | broker (n) | connects/s | CONNACK p50 ms | CONNACK p99 ms | failed | broker RSS before → after (KiB) "
          "| bytes per connection |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for (row, broker), ds in sorted(runs.items()):
        if not row.startswith(("storm", "idle")):
            continue
        before = median([d.get("broker", {}).get("rss_kb_before") for d in ds])
        after = median([d.get("broker", {}).get("rss_kb_after") for d in ds])
        clients = median([d.get("connect", {}).get("succeeded") for d in ds])
        per = (after - before) * 1024 / clients if before and after and clients else None
        print(f"| {row} | {broker} ({len(ds)}) | {fmt(median([d['connect'].get('connects_per_s') for d in ds]))} "
              f"| {fmt(median([d['connect'].get('connack_p50_ms') for d in ds]), 1)} "
              f"| {fmt(median([d['connect'].get('connack_p99_ms') for d in ds]), 1)} "
              f"| {fmt(median([d['connect'].get('failed') for d in ds]))} "
              f"| {fmt(before)} → {fmt(after)} | {fmt(per)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
