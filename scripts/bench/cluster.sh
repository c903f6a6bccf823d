#!/usr/bin/env bash
# Same-node against cross-node delivery on a two-node cluster on this machine: publishers on node 1
# and subscribers on node 0 (cross) against both on node 0 (same), alternating in one run; appends
# one JSON line per run to $OUT/results.jsonl and prints summarize.py's table.
#   scripts/bench/cluster.sh [out-dir] [repeats] [rows...]
# Rows: pairs-q0-sat pairs-q1-sat pairs-q1-5k fanin-q1-sat (default: all), and pairs-q1-sat-p and
# pairs-q1-5k-p with persistent subscribers (their QoS 1 messages copied into the cluster before
# the PUBACK). Ports 2xxxx on 127.0.0.1.
# The loaded node's CPU is the one reported (--broker-pid): node 0 for same-node, node 1 (the
# publishers' node, which matches and forwards) for cross-node.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-cluster}
REPEATS=${2:-3}
shift 2 2>/dev/null || shift $#
ROWS=${*:-"pairs-q0-sat pairs-q1-sat pairs-q1-5k fanin-q1-sat"}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"
CLUSTER_PORT=25701; BUS_PORT=25801

bench_build

start_node() { # index
  local i=$1
  mkdir -p "$OUT/aviary-data"
  # shellcheck disable=SC2086
  env AVIARY_DEV_MODE=true AVIARY_DATA_DIR="$OUT/aviary-data" AVIARY_NODE_ID="node-$i" \
    AVIARY_HTTP_PORT=$((AV_HTTP + i)) AVIARY_MQTT_PORT=$((AV_PLAIN + i)) AVIARY_MQTTS_PORT=$((AV_TLS + i)) \
    AVIARY_WSS_PORT=$((AV_WSS + i)) AVIARY_TENANCY_ANONYMOUS_ORG=org_testtesttest \
    AVIARY_CLUSTER_ENABLED=true AVIARY_CLUSTER_NAME="bench-$$" \
    AVIARY_CLUSTER_PORT=$((CLUSTER_PORT + i)) AVIARY_CLUSTER_BUS_PORT=$((BUS_PORT + i)) \
    AVIARY_CLUSTER_MEMBERS="127.0.0.1:$CLUSTER_PORT,127.0.0.1:$((CLUSTER_PORT + 1))" \
    "$JAVA" $AVIARY_JAVA_OPTS -jar "$ROOT/broker-node/target/quarkus-app/quarkus-run.jar" >"$OUT/node-$i.log" 2>&1 &
  NODE_PID[$i]=$!; pids+=("$!")
}

# Both nodes ready and seeing two members.
wait_cluster() {
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$AV_HTTP/q/health/ready" | grep -q '"members": 2' &&
       curl -sf "http://127.0.0.1:$((AV_HTTP + 1))/q/health/ready" | grep -q '"members": 2'; then
      return 0
    fi
    sleep 0.5
  done
  echo "the cluster did not form" >&2; return 1
}

row_args() {
  case "$1" in
    pairs-q0-sat) echo "--scenario pairs --clients 100 --qos 0 --window 1000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q1-sat) echo "--scenario pairs --clients 100 --qos 1 --window 1000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q1-5k)  echo "--scenario pairs --clients 100 --qos 1 --rate 5000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q1-sat-p) echo "$(row_args pairs-q1-sat) --session-expiry 300" ;;
    pairs-q1-5k-p)  echo "$(row_args pairs-q1-5k) --session-expiry 300" ;;
    fanin-q1-sat) echo "--scenario fanin --clients 10 --qos 1 --window 500 --warmup 5 --duration 15 --drain 5" ;;
    *) echo "unknown row $1" >&2; return 1 ;;
  esac
}

run() { # label pub-port sub-port broker-pid row repeat
  local args; args=$(row_args "$5")
  # shellcheck disable=SC2086
  loadgen_run "$1/$5/$6" --port "$2" --subscriber-port "$3" --broker-pid "$4" $args
}

start_node 0; start_node 1; wait_cluster
for r in $(seq 1 "$REPEATS"); do
  for row in $ROWS; do
    run same-node $AV_PLAIN $AV_PLAIN "${NODE_PID[0]}" "$row" "$r"
    run cross-node $((AV_PLAIN + 1)) $AV_PLAIN "${NODE_PID[1]}" "$row" "$r"
  done
done
python3 "$ROOT/scripts/bench/summarize.py" "$RESULTS"
