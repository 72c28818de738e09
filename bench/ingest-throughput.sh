#!/usr/bin/env bash
# ingest-service throughput and latency vs the raw Kafka producer, on this machine, in one run.
# Starts its own infrastructure + ingest-service (state in .cdp/bench; stop a running ./cdp stack first:
# it uses the same service port 8081), runs bench-tools' IngestBench, prints figures, stops everything.
#   bench/ingest-throughput.sh [seconds=20] [concurrency=12]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CDP_STATE_DIR="$ROOT/.cdp/bench" CDP_ONLY=ingest CDP_KAFKA_PORT=29092 CDP_PG_PORT=25432 CDP_SMTP_PORT=22525
trap '"$ROOT/cdp" down >/dev/null 2>&1 || true' EXIT
(cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl bench-tools -am)
"$ROOT/cdp" up
KEY=$(grep '^CDP_WRITE_KEY=' "$CDP_STATE_DIR/local.env" | cut -d= -f2-)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Xmx1g -cp "$ROOT/bench-tools/target/bench-tools-0.1.0-SNAPSHOT.jar:$ROOT/bench-tools/target/lib/*" \
  io.cartback.bench.IngestBench http://localhost:8081 "$KEY" localhost:29092 "${1:-20}" "${2:-12}"
echo "ingest-service RSS: $(ps -o rss= -p "$(cat "$CDP_STATE_DIR/run/ingest.pid")" | awk '{printf "%.0f MB", $1/1024}')"
