#!/usr/bin/env bash
# Broker QoS 0 fan-in throughput with every allowed publish audited to a real Kafka versus audit of
# allowed publishes off (the only audit that could be switched off: connects, denials and the rest
# are always recorded), alternating in one run; appends one JSON line per run to $OUT/results.jsonl
# and prints a summary at the end. Each run measures after a warm-up of the same load (default 20 s):
# with 5 s the JIT was still compiling the audit path (Kafka's producer, the JSON writer) in the
# measured phase, at about 9 % of a core, a one-time cost of a fresh broker that a comparison of
# steady states must leave out.
#   scripts/bench/audit-fanin.sh [out-dir] [repeats] [warm-up seconds]
# Needs a JDK >= 21. Ports 2xxxx on 127.0.0.1. Every run is bounded by --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-audit}
REPEATS=${2:-3}
WARMUP=${3:-20}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"
KAFKA_PORT=29092

bench_build
rm -rf "$OUT/kafka-data"
start_kafka $KAFKA_PORT "$OUT/kafka-data" "$OUT/kafka.log"

start_aviary() { # allowed-publishes: all or none
  start_broker "$OUT/aviary-$1.log" \
    AVIARY_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT AVIARY_AUDIT_ALLOWED_PUBLISHES="$1"
}

run() { # label
  local k0 t0 k1 t1
  k0=$(cpu_ticks "$KAFKA_PID"); t0=$(date +%s%N)
  fanin_run "$1" bench/audit
  k1=$(cpu_ticks "$KAFKA_PID"); t1=$(date +%s%N)
  # Kafka's CPU over the whole run (warm-up, measured phase and drain), in % of one core.
  local kafka_cpu=$(( (k1 - k0) * 100 * 1000000000 / $(getconf CLK_TCK) / (t1 - t0) ))
  echo "$(date +%T) $1 load=$(cut -d' ' -f1 /proc/loadavg) kafka_cpu=${kafka_cpu}% shipped=$(metric $AV_HTTP aviary_audit_shipped_total event) dropped=$(metric $AV_HTTP aviary_audit_dropped_total reason)" >&2
}

ab_compare "$REPEATS" audit-off none audit-all all "audit all / audit off"
