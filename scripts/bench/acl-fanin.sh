#!/usr/bin/env bash
# Broker QoS 0 fan-in throughput with a 1,000-rule ACL policy versus Permit All (one rule, the
# cheapest check: ACL enforcement cannot be switched off), alternating in one run, and appends one
# JSON line per run to $OUT/results.jsonl; prints a summary at the end.
#   scripts/bench/acl-fanin.sh [out-dir] [repeats] [rules]
# Needs a JDK >= 21. Ports 2xxxx on 127.0.0.1. Every run is bounded by --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-acl}
REPEATS=${2:-3}
RULES=${3:-1000}
. "$ROOT/scripts/bench/lib.sh"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
AV_PLAIN=21883; AV_TLS=28883; AV_HTTP=28080

bench_build
python3 "$ROOT/scripts/bench/acl_policy.py" "$OUT/policy.json" "$RULES"


start_aviary() { # policy-file or empty for Permit All
  mkdir -p "$OUT/aviary-data"
  # The anonymous organization (dev mode only) is Permit All unless aviary.acl.policy-file is set.
  # shellcheck disable=SC2086
  env AVIARY_DEV_MODE=true AVIARY_DATA_DIR="$OUT/aviary-data" AVIARY_HTTP_PORT=$AV_HTTP AVIARY_MQTT_PORT=$AV_PLAIN \
    AVIARY_MQTTS_PORT=$AV_TLS AVIARY_WSS_PORT=28443 AVIARY_TENANCY_ANONYMOUS_ORG=org_testtesttest \
    ${1:+AVIARY_ACL_POLICY_FILE=$1} \
    "$JAVA" $AVIARY_JAVA_OPTS -jar "$ROOT/broker-node/target/quarkus-app/quarkus-run.jar" >"$OUT/aviary.log" 2>&1 &
  AV_PID=$!; pids+=("$AV_PID")
  wait_port $AV_PLAIN
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

run() { # label
  "$JAVA" -Xmx3g -jar "$ROOT/loadgen/target/aviary-loadgen.jar" --host 127.0.0.1 --port $AV_PLAIN \
    --broker-pid "$AV_PID" --threads 2 --max-runtime 90 --topic-prefix bench/acl \
    --scenario fanin --clients 10 --qos 0 --window 500 --warmup 5 --duration 15 --drain 5 \
    --label "$1" --json >>"$RESULTS" 2>>"$OUT/loadgen.err" || echo "run $1 failed" >&2
  echo "$(date +%T) $1 load=$(cut -d' ' -f1 /proc/loadavg)" >&2
}

for r in $(seq 1 "$REPEATS"); do
  start_aviary ""; run "permit-all/$r"; stop "$AV_PID"
  start_aviary "$OUT/policy.json"; run "rules-$RULES/$r"; stop "$AV_PID"
done
python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows.setdefault(r["label"].split("/")[0], []).append(r["received_per_s"])
for k, v in rows.items():
    print(f"{k}: median {statistics.median(v):,.0f} msg/s over {len(v)} runs {[round(x) for x in v]}")
if len(rows) == 2:
    a, b = [statistics.median(v) for v in rows.values()]
    print(f"ratio (policy / permit-all): {b / a:.1%}")
PY
