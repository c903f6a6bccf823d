#!/usr/bin/env bash
# Runs the same load-generator scenarios against Aviary and Mosquitto on this machine, one after
# the other in one run, and appends one JSON line per run to $OUT/results.jsonl.
#   scripts/bench/compare.sh [out-dir] [repeats] [rows...]
# Rows: fanin-q0-sat fanin-q1-sat fanout-q0-sat pairs-q0-sat pairs-q1-sat fanin-q0-half
#       fanin-q1-5k storm-5k idle-10k-tls (default: all); also fanin-q0-20k/-40k/-60k (fixed-rate sweep). Ports 2xxxx on 127.0.0.1.
# Needs: mosquitto (Debian), a JDK >= 21. Every run is bounded by --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench}
REPEATS=${2:-3}
shift 2 2>/dev/null || shift $# 
ROWS=${*:-"fanin-q0-sat fanin-q1-sat fanout-q0-sat pairs-q0-sat pairs-q1-sat fanin-q0-half fanin-q1-5k storm-5k idle-10k-tls"}
. "$ROOT/scripts/bench/lib.sh"
RESULTS="$OUT/results.jsonl"
# Mosquitto's ports, beside lib.sh's for the broker and like them outside the ephemeral range.
MQ_PLAIN=21884; MQ_TLS=28884

bench_build

start_aviary() {
  # The dev CA in $OUT/aviary-data is created once and reused (mosquitto uses it too). Dev mode
  # refuses clients that no organization source vouches for; like Mosquitto's allow_anonymous, the
  # anonymous organization (dev mode only) lets credential-less clients in.
  start_broker "$OUT/aviary.log"; wait_port $AV_TLS
}

start_mosquitto() {
  local certs="$OUT/aviary-data/certs"
  cat >"$OUT/mosquitto.conf" <<CONF
per_listener_settings false
# stay the invoking user (as root Mosquitto would switch to 'mosquitto', which cannot read the key)
user $(id -un)
allow_anonymous true
persistence false
max_connections -1
max_queued_messages 1000
log_dest stderr
log_type error
log_type warning
connection_messages false
listener $MQ_PLAIN 127.0.0.1
listener $MQ_TLS 127.0.0.1
cafile $certs/ca.pem
certfile $certs/server.pem
keyfile $certs/server-key.pem
tls_version tlsv1.2
CONF
  /usr/sbin/mosquitto -c "$OUT/mosquitto.conf" >"$OUT/mosquitto.log" 2>&1 &
  MQ_PID=$!; pids+=("$MQ_PID")
  wait_port $MQ_PLAIN
}

row_args() { # row -> loadgen arguments
  case "$1" in
    fanin-q0-sat)  echo "--scenario fanin --clients 10 --qos 0 --window 500 --warmup 5 --duration 15 --drain 5" ;;
    fanin-q1-sat)  echo "--scenario fanin --clients 10 --qos 1 --window 500 --warmup 5 --duration 15 --drain 5" ;;
    fanout-q0-sat) echo "--scenario fanout --clients 100 --qos 0 --window 5000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q0-sat)  echo "--scenario pairs --clients 100 --qos 0 --window 1000 --warmup 5 --duration 15 --drain 5" ;;
    pairs-q1-sat)  echo "--scenario pairs --clients 100 --qos 1 --window 1000 --warmup 5 --duration 15 --drain 5" ;;
    fanin-q0-half) echo "--scenario fanin --clients 10 --qos 0 --rate ${HALF_RATE:-15000} --warmup 5 --duration 15 --drain 5" ;;
    fanin-q0-20k)  echo "--scenario fanin --clients 10 --qos 0 --rate 20000 --warmup 5 --duration 15 --drain 5" ;;
    fanin-q0-40k)  echo "--scenario fanin --clients 10 --qos 0 --rate 40000 --warmup 5 --duration 15 --drain 5" ;;
    fanin-q0-60k)  echo "--scenario fanin --clients 10 --qos 0 --rate 60000 --warmup 5 --duration 15 --drain 5" ;;
    fanin-q1-5k)   echo "--scenario fanin --clients 10 --qos 1 --rate 5000 --warmup 5 --duration 15 --drain 5" ;;
    storm-5k)      echo "--scenario storm --clients 5000 --connect-concurrency 256 --warm-connects 1000" ;;
    idle-10k-tls)  echo "--scenario idle --clients 10000 --connect-concurrency 256 --duration 20 --tls" ;;
    *) echo "unknown row $1" >&2; return 1 ;;
  esac
}

run() { # broker-name pid plain-port tls-port row repeat
  local args port; args=$(row_args "$4")
  port=$2
  if [[ "$args" == *--tls* ]]; then port=$3; args="$args --cafile $OUT/aviary-data/certs/ca.pem"; fi
  # shellcheck disable=SC2086
  "$JAVA" -Xmx3g -jar "$ROOT/loadgen/target/aviary-loadgen.jar" --host 127.0.0.1 --port "$port" \
    --broker-pid "$5" --threads 2 --max-runtime 90 \
    --label "$1/$4/$6" --json $args >>"$RESULTS" 2>>"$OUT/loadgen.err" || echo "run $1/$4/$6 failed" >&2
  echo "$(date +%T) $1/$4/$6 load=$(cut -d' ' -f1 /proc/loadavg)" >&2
}

for r in $(seq 1 "$REPEATS"); do
  for row in $ROWS; do
    # idle rows need a fresh broker each time so RSS per connection starts clean
    start_aviary; run aviary $AV_PLAIN $AV_TLS "$row" "$AV_PID" "$r"; stop "$AV_PID"
    if [ "$row" = fanin-q0-sat ] && [ -z "${HALF_RATE:-}" ]; then
      # the latency row runs at half of Aviary's measured QoS 0 fan-in peak
      HALF_RATE=$(tail -n1 "$RESULTS" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["received_per_s"] / 2))') || HALF_RATE=15000
      echo "half of Aviary's peak: $HALF_RATE msgs/s" >&2
    fi
    start_mosquitto; run mosquitto $MQ_PLAIN $MQ_TLS "$row" "$MQ_PID" "$r"; stop "$MQ_PID"
  done
done
echo "results in $RESULTS" >&2
