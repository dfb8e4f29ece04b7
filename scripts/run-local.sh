#!/usr/bin/env bash
# Archive Mapillary users locally: builds if needed, starts a Kafka broker (KRaft, Maven Central jars, no Docker)
# and the four services, harvests each user and prints the finished collection. --demo uses the testkit fakes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<USAGE
usage: scripts/run-local.sh [--demo] [--quality original|2048|1024|256] [--no-webp] [--no-tar] [--no-check-ia]
                            [--bbox w,s,e,n] [--output DIR] [--token TOKEN] USERNAME [USERNAME...]
  --demo     run against the testkit fakes with a synthetic user (no token, no network); USERNAME defaults to demo-user
  env        KAFKA_PORT (19092), LOCAL_PORT_BASE (8080: services on 8081-8084),
             MAPILLARY_TOKEN, MAPILLARY_API_URL, IA_URL, IA_S3_URL, IA_ACCESS_KEY, IA_SECRET_KEY, ARCHIVE_DATA_DIR
USAGE
}

DEMO=false QUALITY=original WEBP=true TAR=true CHECK_IA=true BBOX="" USERS=()
DATA_DIR=${ARCHIVE_DATA_DIR:-$ROOT/mapillary-data}
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=true ;;
    --quality) QUALITY=$2; shift ;;
    --quality=*) QUALITY=${1#*=} ;;
    --no-webp) WEBP=false ;;
    --no-tar) TAR=false ;;
    --no-check-ia) CHECK_IA=false ;;
    --bbox) BBOX=$2; shift ;;
    --bbox=*) BBOX=${1#*=} ;;
    --output) DATA_DIR=$2; shift ;;
    --output=*) DATA_DIR=${1#*=} ;;
    --token) export MAPILLARY_TOKEN=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) USERS+=("$1") ;;
  esac
  shift
done
if $DEMO && [ ${#USERS[@]} -eq 0 ]; then USERS=(demo-user); fi
if [ ${#USERS[@]} -eq 0 ]; then echo "Error: At least one username is required" >&2; usage >&2; exit 1; fi

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
mkdir -p "$DATA_DIR/logs"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
LOGS="$DATA_DIR/logs"

if [ ! -f harvester/target/quarkus-app/quarkus-run.jar ] || [ ! -d testkit/target/lib ] || [ ! -d testkit-broker/target/broker-lib ]; then
  echo "Building (first run)..."
  ./mvnw -B -q package -DskipTests
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo; echo "Interrupted: stopping (a rerun resumes)"; exit 130' INT TERM

TESTKIT_CP="$ROOT/testkit/target/classes:$ROOT/testkit/target/lib/*"
announce() { # file key -> waits for KEY=value in file
  for _ in $(seq 1 300); do
    v=$(grep -m1 "^$2=" "$1" 2>/dev/null | cut -d= -f2- || true)
    [ -n "$v" ] && { echo "$v"; return 0; }
    sleep 0.2
  done
  echo "timed out waiting for $2 in $1" >&2; tail -20 "$1" >&2; return 1
}

KAFKA_PORT=${KAFKA_PORT:-19092}
"$JAVA" -cp "$TESTKIT_CP" -Dtestkit.kafka.lib="$ROOT/testkit-broker/target/broker-lib" \
  mapillary.archive.testkit.kafka.KafkaBrokerMain --port "$KAFKA_PORT" --data-dir "$DATA_DIR/kafka" > "$LOGS/kafka.log" 2>&1 &
PIDS+=($!)
export KAFKA_BOOTSTRAP_SERVERS=$(announce "$LOGS/kafka.log" KAFKA_BOOTSTRAP_SERVERS)

if $DEMO; then
  args=()
  for u in "${USERS[@]}"; do args+=(--user "$u:500"); done
  "$JAVA" -cp "$TESTKIT_CP" mapillary.archive.testkit.mapillary.FakeMapillaryMain "${args[@]}" > "$LOGS/fake-mapillary.log" 2>&1 &
  PIDS+=($!)
  "$JAVA" -cp "$TESTKIT_CP" mapillary.archive.testkit.ia.FakeInternetArchiveMain > "$LOGS/fake-ia.log" 2>&1 &
  PIDS+=($!)
  export MAPILLARY_API_URL=$(announce "$LOGS/fake-mapillary.log" MAPILLARY_API_URL)
  export MAPILLARY_TOKEN=$(announce "$LOGS/fake-mapillary.log" MAPILLARY_TOKEN)
  export IA_URL=$(announce "$LOGS/fake-ia.log" IA_URL)
  export IA_S3_URL=$(announce "$LOGS/fake-ia.log" IA_S3_URL)
fi
if [ -z "${MAPILLARY_TOKEN:-}" ]; then
  echo "Error: Mapillary API token required. Use --token or set MAPILLARY_TOKEN environment variable" >&2; exit 1
fi
export ARCHIVE_DATA_DIR="$DATA_DIR"

BASE=${LOCAL_PORT_BASE:-8080}   # harvester BASE+1, fetcher +2, archiver +3, stats +4
declare -A PORT=([harvester]=$((BASE+1)) [fetcher]=$((BASE+2)) [archiver]=$((BASE+3)) [stats]=$((BASE+4)))
for svc in harvester fetcher archiver stats; do
  QUARKUS_HTTP_PORT=${PORT[$svc]} "$JAVA" -Xmx256m -jar "$svc/target/quarkus-app/quarkus-run.jar" > "$LOGS/$svc.log" 2>&1 &
  PIDS+=($!)
done
for svc in harvester fetcher archiver stats; do
  for i in $(seq 1 150); do
    curl -fs "http://127.0.0.1:${PORT[$svc]}/q/health/ready" >/dev/null 2>&1 && break
    [ "$i" = 150 ] && { echo "$svc did not start; see $LOGS/$svc.log" >&2; tail -20 "$LOGS/$svc.log" >&2; exit 1; }
    sleep 0.2
  done
done

H=http://127.0.0.1:${PORT[harvester]}
FAILED=()
for u in "${USERS[@]}"; do
  body="{\"username\":\"$u\",\"quality\":\"$QUALITY\",\"webp\":$WEBP,\"tar\":$TAR,\"checkIa\":$CHECK_IA"
  [ -n "$BBOX" ] && body="$body,\"bbox\":\"$BBOX\""
  body="$body}"
  resp=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' -d "$body" "$H/harvests")
  code=$(tail -1 <<<"$resp"); json=$(head -n -1 <<<"$resp")
  if [ "$code" != 202 ] && [ "$code" != 200 ]; then echo "$u: HTTP $code $json" >&2; FAILED+=("$u"); continue; fi
  id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$json" | head -1)
  collection=$(sed -n 's/.*"collection":"\([^"]*\)".*/\1/p' <<<"$json" | head -1)
  echo "Harvesting $u -> $collection ($id)"
  while true; do
    s=$(curl -s "$H/harvests/$id")
    status=$(sed -n 's/.*"status":"\([^"]*\)".*/\1/p' <<<"$s" | head -1)
    num() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$s" | head -1; }
    printf '\r%-10s listed %6s  fetched %6s  failed %4s  %8s bytes   ' "$status" "$(num listed)" "$(num fetched)" "$(num failed)" "$(num bytes)"
    case "$status" in
      DONE) echo; echo "Done: $DATA_DIR/output/$collection"; break ;;
      SKIPPED) echo; echo "Skipped: $(sed -n 's/.*"reason":"\([^"]*\)".*/\1/p' <<<"$s")"; break ;;
      FAILED|CANCELLED) echo; echo "$u: $status $s" >&2; FAILED+=("$u"); break ;;
    esac
    sleep 1
  done
done
if [ ${#FAILED[@]} -gt 0 ]; then echo "Failed users: ${FAILED[*]}" >&2; exit 1; fi
