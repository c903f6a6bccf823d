#!/usr/bin/env python3
"""Summarizes connect-auth.sh results (JSON lines labelled auth/<row>/<repeat>) as a Markdown
table: per row the median connect rate of the repeats with its range, the CONNACK latency, the
broker's CPU per connect, and what authentication costs relative to the unauthenticated row of the
same run (1 - rate / baseline rate; and broker CPU per connect minus the baseline's). The broker
and the load generator share the machine's cores: "broker + loadgen CPU %" near 100 % per core
means nothing else ran; well below it, other work took CPU from the run: --min-cpu PCT leaves out
runs below PCT (and says which). --runs also lists every run.

  summarize_auth.py [--runs] [--min-cpu PCT] results.jsonl...
"""
import json
import statistics
import sys
from collections import defaultdict

ORDER = ["unauth", "rs256", "es256", "mtls"]
NAMES = {"unauth": "unauthenticated", "rs256": "JWT RS256", "es256": "JWT ES256",
         "mtls": "mTLS (client certificate)"}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def cpu_ms_per_connect(d):
    """Broker CPU time over the measured round divided by the connections made in it."""
    broker, connect = d.get("broker") or {}, d.get("connect") or {}
    cpu, elapsed, ok = broker.get("cpu_pct"), connect.get("elapsed_s"), connect.get("succeeded")
    if cpu is None or cpu < 0 or not elapsed or not ok:
        return None
    return cpu / 100 * elapsed * 1000 / ok


def own_cpu(d):
    broker, loadgen = (d.get("broker") or {}).get("cpu_pct"), (d.get("loadgen") or {}).get("cpu_pct")
    return broker + loadgen if broker is not None and broker >= 0 and loadgen is not None else None


def main(paths, list_runs=False, min_cpu=None):
    runs = defaultdict(list)
    left_out = []
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    d = json.loads(line)
                    parts = (d.get("label") or "").split("/")
                    if len(parts) != 3 or parts[0] != "auth":
                        continue
                    if min_cpu is not None and (own_cpu(d) or 0) < min_cpu:
                        left_out.append(d)
                    else:
                        runs[parts[1]].append(d)
    rows = [r for r in ORDER if r in runs] + sorted(r for r in runs if r not in ORDER)
    base = runs.get("unauth")
    base_rate = median([d["connect"].get("connects_per_s") for d in base]) if base else None
    base_cpu = median([cpu_ms_per_connect(d) for d in base]) if base else None

    print("| authentication (n) | connects/s median (min–max) | CONNACK p50 ms | CONNACK p99 ms "
          "| failed | broker CPU % | broker + loadgen CPU % | broker CPU ms per connect "
          "| cost: 1 − rate/unauthenticated | extra broker CPU ms per connect |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        ds = runs[row]
        rates = [d["connect"].get("connects_per_s") for d in ds]
        rate = median(rates)
        cpu_ms = median([cpu_ms_per_connect(d) for d in ds])
        failed = sum((d["connect"].get("failed") or 0) for d in ds) + sum(
            1 for d in ds if d.get("status") != "ok")
        cost = (1 - rate / base_rate) * 100 if rate and base_rate and row != "unauth" else None
        extra = cpu_ms - base_cpu if cpu_ms is not None and base_cpu and row != "unauth" else None
        print(f"| {NAMES.get(row, row)} ({len(ds)}) | {fmt(rate)} ({fmt(min(rates))}–{fmt(max(rates))}) "
              f"| {fmt(median([d['connect'].get('connack_p50_ms') for d in ds]), 1)} "
              f"| {fmt(median([d['connect'].get('connack_p99_ms') for d in ds]), 1)} "
              f"| {failed} "
              f"| {fmt(median([(d.get('broker') or {}).get('cpu_pct') for d in ds]), 1)} "
              f"| {fmt(median([own_cpu(d) for d in ds]), 0)} "
              f"| {fmt(cpu_ms, 3)} "
              f"| {'–' if cost is None else f'{cost:.1f} %'} "
              f"| {'–' if extra is None else f'{extra:+.3f}'} |")
    if base is None:
        print("\n(no unauthenticated row: relative costs need one)")
    if left_out:
        print(f"\nLeft out (broker + loadgen CPU below {min_cpu:g} %, other work was running): "
              + ", ".join(f"{d['label']} ({fmt(own_cpu(d))} %)" for d in left_out))
    if list_runs:
        print()
        print("| run | connects/s | CONNACK p50 ms | CONNACK p99 ms | broker CPU % | broker + loadgen CPU % "
              "| broker CPU ms per connect |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for row in rows:
            for d in runs[row] + [d for d in left_out if d["label"].split("/")[1] == row]:
                c = d["connect"]
                note = " (left out)" if any(d is o for o in left_out) else ""
                print(f"| {d['label']}{note} | {fmt(c.get('connects_per_s'))} | {fmt(c.get('connack_p50_ms'), 1)} "
                      f"| {fmt(c.get('connack_p99_ms'), 1)} "
                      f"| {fmt((d.get('broker') or {}).get('cpu_pct'), 1)} | {fmt(own_cpu(d))} "
                      f"| {fmt(cpu_ms_per_connect(d), 3)} |")


if __name__ == "__main__":
    args = sys.argv[1:]
    minimum = None
    if "--min-cpu" in args:
        i = args.index("--min-cpu")
        minimum = float(args[i + 1])
        del args[i:i + 2]
    main([a for a in args if a != "--runs"], "--runs" in args, minimum)
