#!/usr/bin/env bash
# Archive Mapillary users locally: builds if needed, starts a Kafka broker (KRaft, Maven Central jars, no Docker)
# and the four services, harvests each user with the CLI (live progress bar) and prints the finished collection.
# --demo uses the testkit fakes. Ctrl-C stops everything; a rerun resumes (broker data and ARCHIVE_DATA_DIR are kept).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<USAGE
usage: scripts/run-local.sh [--demo] [--quality original|2048|1024|256] [--no-webp] [--no-tar] [--no-check-ia]
                            [--bbox w,s,e,n] [--force] [--output DIR] [--token TOKEN] [--keep-running]
                            USERNAME [USERNAME...]
  --demo          run against the testkit fakes with a synthetic user (no token, no network);
                  USERNAME defaults to demo-user, DEMO_IMAGES (500) images each, quality 256 unless given
  --output DIR    the data directory (ARCHIVE_DATA_DIR, default ./mapillary-data): staging/, output/, kafka/, logs/
  --token TOKEN   Mapillary token (default: env MAPILLARY_TOKEN)
  --force         harvest even if the collection is already finished locally or on archive.org
  --keep-running  after the harvests, keep the services up (try scripts/archive status / stats) until Ctrl-C
  env             KAFKA_PORT (19092), LOCAL_PORT_BASE (8080: services on 8081-8084), MAPILLARY_TOKEN,
                  MAPILLARY_API_URL, IA_URL, IA_S3_URL, IA_ACCESS_KEY, IA_SECRET_KEY, ARCHIVE_DATA_DIR,
                  HARVESTER_API_KEY, DEMO_IMAGES (500), FETCHER_HEAP (1g), SERVICE_HEAP (384m)
Exit status: 0 when every user is archived or skipped, 1 when any failed ("Failed users: ..."), 2 for usage errors,
130 when interrupted. Child pids are written to <output>/logs/run-local.pids.
USAGE
}

DEMO=false KEEP=false CLI_ARGS=() USERS=()
DATA_DIR=${ARCHIVE_DATA_DIR:-$ROOT/mapillary-data}
need() { [ $# -ge 2 ] || { echo "argument $1: expected one argument" >&2; usage >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=true ;;
    --keep-running) KEEP=true ;;
    --quality|--bbox) need "$@"; CLI_ARGS+=("$1=$2"); shift ;;
    --quality=*|--bbox=*|--no-webp|--no-tar|--no-check-ia|--force) CLI_ARGS+=("$1") ;;
    --output) need "$@"; DATA_DIR=$2; shift ;;
    --output=*) DATA_DIR=${1#*=} ;;
    --token) need "$@"; export MAPILLARY_TOKEN=$2; shift ;;
    --token=*) export MAPILLARY_TOKEN=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    --) shift; USERS+=("$@"); break ;;
    -*) echo "unrecognized arguments: $1" >&2; usage >&2; exit 2 ;;
    *) USERS+=("$1") ;;
  esac
  shift
done
if $DEMO && [ ${#USERS[@]} -eq 0 ]; then USERS=(demo-user); fi
if $DEMO && ! printf '%s\n' "${CLI_ARGS[@]}" | grep -q '^--quality='; then
  CLI_ARGS+=(--quality=256)   # a quick first look; --quality original works too (minutes of WebP on 2 cores)
fi
if [ ${#USERS[@]} -eq 0 ]; then echo "Error: At least one username is required" >&2; usage >&2; exit 1; fi
if ! $DEMO && [ -z "${MAPILLARY_TOKEN:-}" ]; then
  echo "Error: Mapillary API token required. Use --token or set MAPILLARY_TOKEN environment variable" >&2; exit 1
fi

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
mkdir -p "$DATA_DIR/logs"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
LOGS="$DATA_DIR/logs"
PIDFILE="$LOGS/run-local.pids"

CLI_JAR="$ROOT/cli/target/mapillary-archive-cli.jar"
if [ ! -f harvester/target/quarkus-app/quarkus-run.jar ] || [ ! -f fetcher/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f archiver/target/quarkus-app/quarkus-run.jar ] || [ ! -f stats/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -d testkit/target/lib ] || [ ! -d testkit-broker/target/broker-lib ]; then
  echo "Building (first run)..."
  ./mvnw -B -q package -DskipTests
elif [ ! -f "$CLI_JAR" ]; then
  echo "Building the CLI..."
  ./mvnw -B -q -pl cli -am package -DskipTests
fi

BASE=${LOCAL_PORT_BASE:-8080}   # harvester BASE+1, fetcher +2, archiver +3, stats +4
KAFKA_PORT=${KAFKA_PORT:-19092}
declare -A PORT=([harvester]=$((BASE+1)) [fetcher]=$((BASE+2)) [archiver]=$((BASE+3)) [stats]=$((BASE+4)))
for p in "$KAFKA_PORT" "${PORT[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "Error: port $p is in use (another run still going? see $PIDFILE); set KAFKA_PORT / LOCAL_PORT_BASE" >&2
    exit 1
  fi
done

# --- process handling: services get SIGTERM and are waited for, then the fakes and the broker ---
SERVICE_PIDS=() INFRA_PIDS=() CLI_PID="" HARVEST_RC="" FORCE=false
: > "$PIDFILE"
record() { echo "$1 $2" >> "$PIDFILE"; }
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null || true); [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
stop() { # pids...: SIGTERM, wait up to 30 s each (a second Ctrl-C kills at once), reap
  local pid i
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for i in $(seq 1 150); do
      alive "$pid" || break
      $FORCE && break
      sleep 0.2
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
}
cleanup() {
  trap 'FORCE=true' INT TERM
  [ -n "$CLI_PID" ] && stop "$CLI_PID"
  if [ ${#SERVICE_PIDS[@]} -gt 0 ] || [ ${#INFRA_PIDS[@]} -gt 0 ]; then
    echo "Stopping services (logs in $LOGS)..." >&2
  fi
  [ ${#SERVICE_PIDS[@]} -gt 0 ] && stop "${SERVICE_PIDS[@]}"
  [ ${#INFRA_PIDS[@]} -gt 0 ] && stop "${INFRA_PIDS[@]}"
  return 0
}
interrupted() {
  if [ -n "$HARVEST_RC" ]; then exit "$HARVEST_RC"; fi   # --keep-running: Ctrl-C is the normal end
  echo >&2; echo "Interrupted: stopping (a rerun resumes)" >&2; exit 130
}
trap cleanup EXIT
trap interrupted INT TERM

TESTKIT_CP="$ROOT/testkit/target/classes:$ROOT/testkit/target/lib/*"
announce() { # file key pid -> waits for KEY=value in file
  for _ in $(seq 1 300); do
    v=$(grep -m1 "^$2=" "$1" 2>/dev/null | cut -d= -f2- || true)
    [ -n "$v" ] && { echo "$v"; return 0; }
    alive "$3" || break
    sleep 0.2
  done
  echo "timed out waiting for $2 in $1" >&2; tail -20 "$1" >&2; return 1
}

echo "Starting Kafka (data in $DATA_DIR/kafka)..."
"$JAVA" -cp "$TESTKIT_CP" -Dtestkit.kafka.lib="$ROOT/testkit-broker/target/broker-lib" \
  mapillary.archive.testkit.kafka.KafkaBrokerMain --port "$KAFKA_PORT" --data-dir "$DATA_DIR/kafka" > "$LOGS/kafka.log" 2>&1 &
KAFKA_PID=$!
INFRA_PIDS+=("$KAFKA_PID"); record kafka "$KAFKA_PID"
export KAFKA_BOOTSTRAP_SERVERS=$(announce "$LOGS/kafka.log" KAFKA_BOOTSTRAP_SERVERS "$KAFKA_PID")
for child in $(pgrep -P "$KAFKA_PID" || true); do record kafka-broker "$child"; done

if $DEMO; then
  args=()
  for u in "${USERS[@]}"; do args+=(--user "$u:${DEMO_IMAGES:-500}"); done
  "$JAVA" -cp "$TESTKIT_CP" mapillary.archive.testkit.mapillary.FakeMapillaryMain "${args[@]}" > "$LOGS/fake-mapillary.log" 2>&1 &
  INFRA_PIDS=("$!" "${INFRA_PIDS[@]}"); record fake-mapillary "$!"
  FAKE_MLY=$!
  "$JAVA" -cp "$TESTKIT_CP" mapillary.archive.testkit.ia.FakeInternetArchiveMain > "$LOGS/fake-ia.log" 2>&1 &
  INFRA_PIDS=("$!" "${INFRA_PIDS[@]}"); record fake-ia "$!"
  FAKE_IA=$!
  export MAPILLARY_API_URL=$(announce "$LOGS/fake-mapillary.log" MAPILLARY_API_URL "$FAKE_MLY")
  export MAPILLARY_TOKEN=$(announce "$LOGS/fake-mapillary.log" MAPILLARY_TOKEN "$FAKE_MLY")
  export IA_URL=$(announce "$LOGS/fake-ia.log" IA_URL "$FAKE_IA")
  export IA_S3_URL=$(announce "$LOGS/fake-ia.log" IA_S3_URL "$FAKE_IA")
fi
export ARCHIVE_DATA_DIR="$DATA_DIR"

echo "Starting harvester, fetcher, archiver, stats on ports ${PORT[harvester]}-${PORT[stats]}..."
# heap: the fetcher holds images in flight (originals are several MB each); FETCHER_HEAP / SERVICE_HEAP override
declare -A HEAP=([harvester]=${SERVICE_HEAP:-384m} [fetcher]=${FETCHER_HEAP:-1g} [archiver]=${SERVICE_HEAP:-384m} [stats]=${SERVICE_HEAP:-384m})
for svc in harvester fetcher archiver stats; do
  QUARKUS_HTTP_PORT=${PORT[$svc]} "$JAVA" -Xmx"${HEAP[$svc]}" -jar "$svc/target/quarkus-app/quarkus-run.jar" > "$LOGS/$svc.log" 2>&1 &
  SERVICE_PIDS+=("$!"); record "$svc" "$!"
done
for i in 0 1 2 3; do
  svc=$(echo harvester fetcher archiver stats | cut -d' ' -f$((i+1)))
  for n in $(seq 1 300); do
    curl -fs "http://127.0.0.1:${PORT[$svc]}/q/health/ready" >/dev/null 2>&1 && break
    if [ "$n" = 300 ] || ! alive "${SERVICE_PIDS[$i]}"; then
      echo "$svc did not start; see $LOGS/$svc.log" >&2; tail -20 "$LOGS/$svc.log" >&2; exit 1
    fi
    sleep 0.2
  done
done

if [ -t 1 ]; then
  PROGRESS=bar
  COLUMNS=${COLUMNS:-$(tput cols 2>/dev/null || echo 80)}; export COLUMNS
else
  PROGRESS=plain
fi
# in the background so that Ctrl-C / SIGTERM reach this script's trap at once
"$JAVA" -jar "$CLI_JAR" harvest --url "http://127.0.0.1:${PORT[harvester]}" --data-dir "$DATA_DIR" \
  --progress "$PROGRESS" "${CLI_ARGS[@]}" -- "${USERS[@]}" &
CLI_PID=$!
record cli "$CLI_PID"
rc=0
wait "$CLI_PID" || rc=$?
CLI_PID=""
if $KEEP; then
  HARVEST_RC=$rc
  echo "Services keep running: harvester http://127.0.0.1:${PORT[harvester]}, stats http://127.0.0.1:${PORT[stats]}"
  echo "  scripts/archive status --url http://127.0.0.1:${PORT[harvester]}"
  echo "  scripts/archive stats --stats-url http://127.0.0.1:${PORT[stats]}"
  echo "Press Ctrl-C to stop."
  while true; do sleep 1 & wait $! || true; done
fi
exit "$rc"
