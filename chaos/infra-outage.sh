#!/usr/bin/env bash
# Fault scenario: Kafka or PostgreSQL is stopped and started again while storefront load runs against ingest.
# Sustained load (bench-tools StorefrontLoad: open loop, SDK-style retries of unacknowledged batches with the same
# messageIds, honouring Retry-After) runs for LOAD_SECONDS; OUTAGE_SECONDS into it the component is stopped for
# OUTAGE_SECONDS. Then ChaosVerify checks that every acknowledged event is on cdp.events.v1 and applied by
# profile-service and funnel-service exactly once, and the services' readiness during the outage is shown.
#   chaos/infra-outage.sh <kafka|postgres> [outage_seconds=20] [load_seconds=90] [events_per_second=1000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMPONENT="${1:?usage: chaos/infra-outage.sh <kafka|postgres> [outage_seconds] [load_seconds] [events_per_second]}"
OUTAGE="${2:-20}" LOAD_SECONDS="${3:-90}" RATE="${4:-1000}"
export CDP_STATE_DIR="$ROOT/.cdp/chaos-$COMPONENT" CDP_PORT_OFFSET=300 CDP_ONLY="ingest profile funnel"
export CDP_KAFKA_PORT=19392 CDP_PG_PORT=15732 CDP_SMTP_PORT=2825
OUT="$ROOT/.cdp/chaos-out/$COMPONENT-outage"
CP="$ROOT/bench-tools/target/bench-tools-0.1.0-SNAPSHOT.jar:$ROOT/bench-tools/target/lib/*"
trap '"$ROOT/cdp" down > /dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true' EXIT

"$ROOT/cdp" down > /dev/null 2>&1 || true
rm -rf "$CDP_STATE_DIR" "$OUT" && mkdir -p "$OUT"
[ -n "${CDP_SKIP_BUILD:-}" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl bench-tools -am)
"$ROOT/cdp" up > "$OUT/up.log" 2>&1 || { tail -30 "$OUT/up.log"; exit 1; }
KEY=$(grep '^CDP_WRITE_KEY=' "$CDP_STATE_DIR/local.env" | cut -d= -f2-)
env_get() { grep "^$1=" "$CDP_STATE_DIR/infra.env" | cut -d= -f2-; }

# readiness of each service, once a second, while the scenario runs
(
  while true; do
    line="$(date +%T)"
    for s in ingest:8381 profile:8382 funnel:8383; do
      code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://localhost:${s#*:}/q/health/ready" || true)
      line="$line ${s%%:*}=$code"
    done
    echo "$line"
    sleep 1
  done
) > "$OUT/readiness.log" &
READY=$!

echo "== load: $RATE events/s for $LOAD_SECONDS s; $COMPONENT stopped at ${OUTAGE}s for ${OUTAGE}s"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.cartback.bench.StorefrontLoad "http://localhost:8381" "$KEY" "$OUT" "$LOAD_SECONDS" "$RATE" \
  > "$OUT/load.log" 2>&1 &
LOAD=$!
sleep "$OUTAGE"
echo "$(date +%T) stopping $COMPONENT"
"$ROOT/cdp" infra "$COMPONENT" stop
sleep "$OUTAGE"
echo "$(date +%T) starting $COMPONENT"
"$ROOT/cdp" infra "$COMPONENT" start
wait "$LOAD" || { tail -30 "$OUT/load.log"; exit 1; }
grep -v '^LOAD' "$OUT/load.log" | grep -v 'SLF4J' | head -60
grep '^LOAD' "$OUT/load.log"

echo "== downstream"
set +e
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.cartback.bench.ChaosVerify "$OUT" "$(env_get KAFKA_BOOTSTRAP_SERVERS)" \
  "$(env_get CDP_DB_PROFILE_JDBC_URL)" "$(env_get CDP_DB_FUNNEL_JDBC_URL)" "$(env_get CDP_DB_USER)" "$(env_get CDP_DB_PASSWORD)" 240 \
  2>&1 | grep -v SLF4J | tee "$OUT/verify.log"
VERIFIED=${PIPESTATUS[0]}
set -e
kill "$READY" 2>/dev/null || true
echo "== readiness while it ran (changes only)"
awk '{ s=$2" "$3" "$4; if (s != last) print; last=s }' "$OUT/readiness.log"
for s in ingest profile funnel; do
  alive=$(kill -0 "$(cat "$CDP_STATE_DIR/run/$s.pid")" 2>/dev/null && echo running || echo DEAD)
  echo "$s-service: $alive, RSS $(ps -o rss= -p "$(cat "$CDP_STATE_DIR/run/$s.pid")" 2>/dev/null | awk '{printf "%.0f MB", $1/1024}')"
done
exit "$VERIFIED"
