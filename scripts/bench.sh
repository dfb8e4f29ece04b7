#!/usr/bin/env bash
# Benchmark harness (issue 7): builds the services and the bench module if needed, then starts a Kafka broker, the
# testkit fakes and the packaged services as separate processes on this machine and runs the scenarios.
# Results: bench/results/<yyyy-MM-dd>-<scenario>.json; table: bench/README.md. See bench/README.md.
#   scripts/bench.sh                      # all scenarios, default sizes (< 30 min on 2 cores)
#   scripts/bench.sh --scenario jpeg --images 500 --runs 3
#   scripts/bench.sh --table-only         # only regenerate the table from bench/results
#   scripts/bench.sh --help
# env: BENCH_SKIP_BUILD=1 skips the Maven build; MVN_ARGS adds Maven options (e.g. -o); BENCH_JAVA_OPTS (-Xmx1g).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # the bench module and everything it needs: common, testkit(-broker), harvester, fetcher, archiver (quarkus-app)
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_ARGS:-} -DskipTests -pl bench -am package
fi
[ -d bench/target/lib ] || { echo "missing bench/target/lib: run without BENCH_SKIP_BUILD" >&2; exit 2; }

# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_JAVA_OPTS:--Xmx1g} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "bench/target/classes:bench/target/lib/*" \
  mapillary.archive.bench.BenchMain --root "$(pwd)" "$@"
