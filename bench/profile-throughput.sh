#!/usr/bin/env bash
# profile-service throughput: fill cdp.events.v1 (embedded KRaft broker) with N events mapped from
# ../shared/data, start profile-service (embedded PostgreSQL), and measure events applied per second while it
# drains the topic. Usage: bench/profile-throughput.sh [events] [batch-size] [consumers]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-300000}"
BATCH="${2:-1000}"
CONSUMERS="${3:-3}"
./mvnw -B -q verify -pl profile-service -am \
  -Dtest=ProfileThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="$EVENTS" -Dcdp.profile.batch-size="$BATCH" -Dcdp.profile.consumers="$CONSUMERS" \
  -Dquarkus.log.category.\"org.apache.kafka\".level=WARN -Dquarkus.log.category.\"kafka\".level=WARN \
  -Dquarkus.log.category.\"state.change.logger\".level=WARN \
  -Dquarkus.log.category.\"io.cartback.profile\".level=${BENCH_LOG_LEVEL:-INFO}
cat profile-service/target/bench/profile-throughput.txt
