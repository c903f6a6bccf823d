# Shared by the benchmark scripts: sourced after ROOT is set.
# shellcheck shell=bash
. "$ROOT/scripts/java-home.sh"
aviary_pick_java_home
JAVA="$JAVA_HOME/bin/java"
AVIARY_JAVA_OPTS=${AVIARY_JAVA_OPTS:-"-Xms256m -Xmx1g"}

# Builds the broker and the load generator unless both jars exist.
bench_build() {
  [ -f "$ROOT/loadgen/target/aviary-loadgen.jar" ] && [ -f "$ROOT/broker-node/target/quarkus-app/quarkus-run.jar" ] || \
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl broker-node,loadgen -am install)
}

# Every process started with `pids+=("$!")` is killed when the script exits.
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

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

# The sum of a broker metric's samples whose line contains a fragment: metric http-port name fragment
metric() {
  curl -s "http://127.0.0.1:$1/q/metrics" | awk -v n="$2" -v f="$3" 'index($0, n) == 1 && index($0, f) { s += $NF } END { printf "%d", s }'
}
