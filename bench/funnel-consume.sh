#!/usr/bin/env bash
# How fast funnel-service's consumer applies real events: maps N days of ../shared/data with the importer,
# publishes them as TrackedEvent JSON to a real (embedded) Kafka broker and times until the service has applied
# the last one (its own PostgreSQL). Usage: bench/funnel-consume.sh [days]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -pl funnel-service -am -Dtest=ConsumerThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfunnel.bench.days="${1:-7}" -DargLine="-Dfunnel.bench.days=${1:-7}" 2>&1 | grep --line-buffered FUNNEL-CONSUME
