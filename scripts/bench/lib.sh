# Shared by the benchmark scripts: sourced after ROOT is set.
# shellcheck shell=bash
# $OUT as an absolute path: Maven, run from the root, resolves relative ones against a module.
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
. "$ROOT/scripts/java-home.sh"
aviary_pick_java_home
JAVA="$JAVA_HOME/bin/java"
AVIARY_JAVA_OPTS=${AVIARY_JAVA_OPTS:-"-Xms256m -Xmx1g"}
# The broker's ports: outside the ephemeral range (32768-60999 here), which 10,000 client sockets
# would otherwise take.
AV_PLAIN=21883; AV_TLS=28883; AV_WSS=28443; AV_HTTP=28080

# Builds the broker and the load generator unless both jars exist.
bench_build() {
  [ -f "$ROOT/loadgen/target/aviary-loadgen.jar" ] && [ -f "$ROOT/broker-node/target/quarkus-app/quarkus-run.jar" ] || \
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl broker-node,loadgen -am install)
}

# Every process started with `pids+=("$!")` is killed when the script exits.
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; } # pid

wait_port() { # port
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  echo "port $1 did not open" >&2; return 1
}

# A single-node Kafka (kafka-support's EmbeddedKafka) with the audit topic: start_kafka port data-dir log
start_kafka() {
  if [ ! -f "$OUT/kafka.cp" ]; then
    (cd "$ROOT" && ./mvnw -B -q dependency:build-classpath -pl kafka-support -Dmdep.outputFile="$OUT/kafka.cp" >/dev/null)
  fi
  "$JAVA" -Xmx512m -cp "$ROOT/kafka-support/target/classes:$(cat "$OUT/kafka.cp")" io.aviary.kafka.EmbeddedKafka \
    --port "$1" --data-dir "$2" --topic aviary.audit.v1 >>"$3" 2>&1 &
  KAFKA_PID=$!; pids+=("$KAFKA_PID")
  wait_port "$1"
}

# CPU time a process has used so far, in clock ticks (utime + stime): cpu_ticks pid
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# The sum of a broker metric's samples whose line contains a fragment: metric http-port name fragment
metric() {
  curl -s "http://127.0.0.1:$1/q/metrics" | awk -v n="$2" -v f="$3" 'index($0, n) == 1 && index($0, f) { s += $NF } END { printf "%d", s }'
}

# The broker in dev mode on the ports above, the anonymous organization letting credential-less
# clients in: start_broker log-file [VAR=value]... (extra environment); sets AV_PID, returns once
# the MQTT port is open.
start_broker() {
  local log=$1; shift
  mkdir -p "$OUT/aviary-data"
  # shellcheck disable=SC2086
  env AVIARY_DEV_MODE=true AVIARY_DATA_DIR="$OUT/aviary-data" AVIARY_HTTP_PORT=$AV_HTTP AVIARY_MQTT_PORT=$AV_PLAIN \
    AVIARY_MQTTS_PORT=$AV_TLS AVIARY_WSS_PORT=$AV_WSS AVIARY_TENANCY_ANONYMOUS_ORG=org_testtesttest "$@" \
    "$JAVA" $AVIARY_JAVA_OPTS -jar "$ROOT/broker-node/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
  AV_PID=$!; pids+=("$AV_PID")
  wait_port $AV_PLAIN
}

# One load generator run on 127.0.0.1, at most 90 s, its JSON line appended to $RESULTS:
#   loadgen_run label loadgen-args...
loadgen_run() {
  local label=$1; shift
  "$JAVA" -Xmx3g -jar "$ROOT/loadgen/target/aviary-loadgen.jar" --host 127.0.0.1 --threads 2 \
    --max-runtime 90 --label "$label" --json "$@" >>"$RESULTS" 2>>"$OUT/loadgen.err" || echo "run $label failed" >&2
  echo "$(date +%T) $label load=$(cut -d' ' -f1 /proc/loadavg)" >&2
}

# One saturating QoS 0 fan-in run against the broker, appended to $RESULTS, after $WARMUP seconds
# (default 5) of the same load: fanin_run label topic-prefix
fanin_run() {
  loadgen_run "$1" --port $AV_PLAIN --broker-pid "$AV_PID" --topic-prefix "$2" \
    --scenario fanin --clients 10 --qos 0 --window 500 --warmup "${WARMUP:-5}" --duration 15 --drain 5
}

# An A/B comparison in one run, the two alternating so that drift on the machine hits both: for each
# repeat, a fresh broker started with the script's `start_aviary arg` runs the script's `run label/N`,
# then the same for B; then the summary (ab_summary.py).
#   ab_compare repeats label-a arg-a label-b arg-b "b / a"
ab_compare() {
  local r
  for r in $(seq 1 "$1"); do
    start_aviary "$3"; run "$2/$r"; stop "$AV_PID"
    start_aviary "$5"; run "$4/$r"; stop "$AV_PID"
  done
  python3 "$ROOT/scripts/bench/ab_summary.py" "$RESULTS" "$6"
}
