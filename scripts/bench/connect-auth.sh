#!/usr/bin/env bash
# What authentication costs at CONNECT: the connect rate of Aviary with RS256 and ES256 JWTs (IdP
# keys cached) and with client certificates, against its unauthenticated connect rate, in one run
# on this machine. Every row connects over TLS (see TRANSPORT), so only authentication differs:
#   unauth   anonymous organization (dev mode), no credentials
#   rs256    username name@org_…, password = RS256 JWT (2048-bit key), JWK Set served over http
#   es256    the same with an ES256 JWT
#   mtls     username name@org_…, no password, a client certificate issued by the org's CA
# Each run starts the broker fresh, runs one `storm` (warm connects first: they fetch the org's
# configuration and keys, so the measured round verifies against cached keys), and stops it.
# Writes one JSON line per run to $OUT/results.jsonl, the machine's CPU use before each run to
# $OUT/machine.tsv (time, run, busy % in the 2 s before, load average after) and the tables to
# $OUT/summary.md. During a run the broker and the load generator fill both cores; the summary's
# "broker + loadgen CPU %" shows whether other work took a share (summarize_auth.py --min-cpu).
#   scripts/bench/connect-auth.sh [out-dir] [repeats]
# Environment: CLIENTS (5000), CONCURRENCY (256), WARM (1000), ROWS ("unauth rs256 es256 mtls"),
#   TRANSPORT (tls; "plain" connects over dev mode's plain MQTT listener instead, to see the cost
#   without the TLS handshake that dominates otherwise; no mtls row then),
#   BROKER_JAR (default broker-node/target/quarkus-app/quarkus-run.jar, built when missing),
#   AVIARY_JAVA_OPTS ("-Xms256m -Xmx1g"), QUIET (a busy %: wait for a quiet machine before each
#   run, see wait_quiet), JFR=1 records each broker run with JFR's profile settings into $OUT/jfr/
#   (a profile, not a measurement: it costs a few percent).
# Needs: a JDK >= 21, openssl, python3. Ports 2xxxx on 127.0.0.1; every run is bounded by
# --max-runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/bench-auth}
REPEATS=${2:-3}
CLIENTS=${CLIENTS:-5000}
CONCURRENCY=${CONCURRENCY:-256}
WARM=${WARM:-1000}
TRANSPORT=${TRANSPORT:-tls}
if [ "$TRANSPORT" = plain ]; then
  ROWS=${ROWS:-"unauth rs256 es256"}
else
  ROWS=${ROWS:-"unauth rs256 es256 mtls"}
fi
BROKER_JAR=${BROKER_JAR:-$ROOT/broker-node/target/quarkus-app/quarkus-run.jar}
AVIARY_JAVA_OPTS=${AVIARY_JAVA_OPTS:-"-Xms256m -Xmx1g"}
. "$ROOT/scripts/java-home.sh"
aviary_pick_java_home
JAVA="$JAVA_HOME/bin/java"
# Outside the ephemeral range (32768-60999 here), and apart from compare.sh's.
AV_PLAIN=22883; AV_TLS=29883; AV_HTTP=29080; AV_WSS=29443; IDP_PORT=29081

if [ "$TRANSPORT" = plain ]; then
  case " $ROWS " in *" mtls "*) echo "connect-auth: mtls needs TRANSPORT=tls" >&2; exit 2 ;; esac
  transport=(--port "$AV_PLAIN")
else
  transport=(--port "$AV_TLS" --tls --cafile "$OUT/aviary-data/certs/ca.pem")
fi

command -v openssl >/dev/null || { echo "connect-auth: openssl is needed" >&2; exit 1; }
if [ ! -f "$ROOT/loadgen/target/aviary-loadgen.jar" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl loadgen -am install)
fi
if [ ! -f "$BROKER_JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl broker-node -am install)
fi

mkdir -p "$OUT/logs"
RESULTS="$OUT/results.jsonl"
# One run, one summary: an earlier run's files are kept aside, not mixed in.
stamp=$(date +%Y%m%d-%H%M%S)
for f in "$RESULTS" "$OUT/machine.tsv"; do [ -f "$f" ] && mv "$f" "$f.$stamp"; done
WORK=$(mktemp -d)
pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  for p in "${pids[@]:-}"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port pid
  for _ in $(seq 1 120); do
    port_open "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited before port $1 opened" >&2; return 1; }
    sleep 0.5
  done
  echo "port $1 did not open" >&2; return 1
}
for p in $AV_PLAIN $AV_TLS $AV_HTTP $AV_WSS $IDP_PORT; do
  if port_open "$p"; then echo "connect-auth: port $p is in use" >&2; exit 1; fi
done

# The organization, its IdPs' keys and tokens, its CA and a client certificate.
ORG=$(python3 "$ROOT/scripts/bench/auth_fixtures.py" "$WORK" "http://127.0.0.1:$IDP_PORT/")
python3 -m http.server "$IDP_PORT" --bind 127.0.0.1 --directory "$WORK/idp" \
  >"$OUT/logs/idp-http.log" 2>&1 &
IDP_PID=$!; pids+=("$IDP_PID")
wait_port $IDP_PORT $IDP_PID
echo "organization $ORG; JWK Sets on http://127.0.0.1:$IDP_PORT/" >&2

start_broker() { # row repeat
  local tenancy jfr=""
  if [ "$1" = unauth ]; then
    tenancy=(AVIARY_TENANCY_ANONYMOUS_ORG=org_testtesttest)
  else
    tenancy=(AVIARY_TENANCY_ORGS_DIR="$WORK/orgs" AVIARY_TENANCY_ALLOW_INSECURE_IDP_URLS=true)
  fi
  if [ "${JFR:-0}" = 1 ]; then
    mkdir -p "$OUT/jfr"
    jfr="-XX:FlightRecorderOptions=stackdepth=256"
    jfr="$jfr -XX:StartFlightRecording=settings=profile,filename=$OUT/jfr/$1-$2.jfr"
  fi
  mkdir -p "$OUT/aviary-data" # the dev CA is created once and reused by every row
  # shellcheck disable=SC2086
  env AVIARY_DEV_MODE=true AVIARY_DATA_DIR="$OUT/aviary-data" AVIARY_HTTP_PORT=$AV_HTTP \
    AVIARY_MQTT_PORT=$AV_PLAIN AVIARY_MQTTS_PORT=$AV_TLS AVIARY_WSS_PORT=$AV_WSS \
    AVIARY_MQTTS_TLS_CLIENT_AUTH=optional "${tenancy[@]}" \
    "$JAVA" $AVIARY_JAVA_OPTS $jfr -jar "$BROKER_JAR" >"$OUT/logs/broker-$1-$2.log" 2>&1 &
  AV_PID=$!; pids+=("$AV_PID")
  wait_port $AV_TLS $AV_PID
  wait_port $AV_PLAIN $AV_PID
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# CPU busy % of the whole machine over 2 s, from /proc/stat: other work on this machine (a build,
# a test suite) takes CPU from both the broker and the load generator, so each run records it.
cpu_ticks() { # prints "total idle" from /proc/stat
  local a b c d e f g
  read -r _ a b c d e f g _ </proc/stat
  echo "$((a + b + c + d + e + f + g)) $((d + e))"
}
machine_busy() {
  local t1 i1 t2 i2
  read -r t1 i1 <<<"$(cpu_ticks)"
  sleep 2
  read -r t2 i2 <<<"$(cpu_ticks)"
  echo $((100 - 100 * (i2 - i1) / (t2 - t1 > 0 ? t2 - t1 : 1)))
}

# With QUIET=<percent>: before each run, wait (at most QUIET_WAIT s, default 900) until the
# machine is below that busy percentage twice in a row; on a shared machine this keeps other
# people's builds out of the measurement.
wait_quiet() {
  local deadline=$((SECONDS + ${QUIET_WAIT:-900})) calm=0 b
  [ -z "${QUIET:-}" ] && { machine_busy; return; }
  while [ $SECONDS -lt $deadline ]; do
    b=$(machine_busy)
    if [ "$b" -lt "$QUIET" ]; then calm=$((calm + 1)); else calm=0; fi
    [ $calm -ge 2 ] && { echo "$b"; return; }
  done
  echo "connect-auth: the machine did not get below ${QUIET}% busy; measuring anyway" >&2
  machine_busy
}

credentials() { # row -> load-generator arguments
  case "$1" in
    unauth) echo "" ;;
    rs256) echo "--username bench@$ORG --password-file $WORK/tokens/rs256.jwt" ;;
    es256) echo "--username bench@$ORG --password-file $WORK/tokens/es256.jwt" ;;
    mtls) echo "--username bench@$ORG --cert $WORK/pki/client.pem --key $WORK/pki/client-key.pem" ;;
    *) echo "unknown row $1" >&2; return 1 ;;
  esac
}

failed=0
for r in $(seq 1 "$REPEATS"); do
  for row in $ROWS; do
    args=$(credentials "$row")
    busy=$(wait_quiet)
    start_broker "$row" "$r"
    # shellcheck disable=SC2086
    if ! "$JAVA" -Xmx2g -jar "$ROOT/loadgen/target/aviary-loadgen.jar" --host 127.0.0.1 \
      "${transport[@]}" $args \
      --scenario storm --clients "$CLIENTS" --connect-concurrency "$CONCURRENCY" \
      --warm-connects "$WARM" --threads 2 --max-runtime 180 --broker-pid "$AV_PID" \
      --label "auth/$row/$r" --json >>"$RESULTS" 2>>"$OUT/logs/loadgen.err"; then
      echo "run $row/$r failed (see $OUT/logs/loadgen.err)" >&2; failed=1
    fi
    stop "$AV_PID"
    printf '%s\t%s\t%s\t%s\n' "$(date +%T)" "$row/$r" "$busy" "$(cut -d' ' -f1 /proc/loadavg)" \
      >>"$OUT/machine.tsv"
    echo "$(date +%T) $row/$r: machine ${busy}% busy before," \
      "load $(cut -d' ' -f1 /proc/loadavg)" >&2
  done
done
python3 "$ROOT/scripts/bench/summarize_auth.py" --runs "$RESULTS" | tee "$OUT/summary.md"
echo "results in $RESULTS, summary in $OUT/summary.md" >&2
exit $failed
