#!/usr/bin/env bash
# What a Kafka outage costs the broker's clients: QoS 1 fan-in at a fixed rate with every allowed
# publish audited, first with Kafka up, then with Kafka stopped (the audit buffers fill and then
# drop: they are made small, 64Ki events and 1 MiB, so that a 25 s outage overflows them), then
# with Kafka back; appends one loadgen JSON line per phase to $OUT/results.jsonl and
# prints latency percentiles and the audit counters of each phase.
#   scripts/bench/audit-outage.sh [out-dir] [rate]
# Needs a JDK >= 21. Ports 2xxxx on 127.0.0.1. Every run is bounded by --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-audit-outage}
RATE=${2:-10000}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"
rm -f "$RESULTS"
KAFKA_PORT=29092

bench_build

counters() { echo "queued=$(metric $AV_HTTP aviary_audit_queued ' ') shipped=$(metric $AV_HTTP aviary_audit_shipped_total event) markers=$(metric $AV_HTTP aviary_audit_shipped_total audit_dropped) dropped=$(metric $AV_HTTP aviary_audit_dropped_total reason)"; }

run() { # label
  "$JAVA" -Xmx2g -jar "$ROOT/loadgen/target/aviary-loadgen.jar" --host 127.0.0.1 --port $AV_PLAIN \
    --broker-pid "$AV_PID" --threads 2 --max-runtime 90 --topic-prefix bench/outage \
    --scenario fanin --clients 10 --qos 1 --rate "$RATE" --warmup 5 --duration 20 --drain 5 \
    --label "$1" --json >>"$RESULTS" 2>>"$OUT/loadgen.err" || echo "run $1 failed" >&2
  echo "$(date +%T) $1 $(counters)" >&2
}

rm -rf "$OUT/kafka-data" "$OUT/aviary-data"
start_kafka $KAFKA_PORT "$OUT/kafka-data" "$OUT/kafka.log"
start_broker "$OUT/aviary.log" AVIARY_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
  AVIARY_AUDIT_ALLOWED_PUBLISHES=all AVIARY_AUDIT_BUFFER_EVENTS=65536 AVIARY_AUDIT_PRODUCER_BUFFER_BYTES=1048576

# JIT compilation and the first metadata fetches make the first run of a fresh broker slower than
# any later one: it is shown, but the phases compare the runs after it.
run warm-up
run kafka-up
stop "$KAFKA_PID"
run kafka-down
start_kafka $KAFKA_PORT "$OUT/kafka-data" "$OUT/kafka.log"
for _ in $(seq 1 120); do [ "$(metric $AV_HTTP aviary_audit_queued ' ')" = 0 ] && break; sleep 1; done
echo "$(date +%T) kafka back $(counters)" >&2
run kafka-back
python3 - "$RESULTS" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    l = r["latency_ms"]
    print(f'{r["label"]:11} {r["received_per_s"]:>9,.0f} msg/s  lost {r["lost"]}  latency ms p50 {l["p50"]} p99 {l["p99"]} p999 {l["p999"]} max {l["max"]}')
PY
