#!/usr/bin/env bash
# campaign-service: emails rendered and sent per second to a local SMTP sink, and due-time lag under a burst of
# N (default 10,000) due sends. Starts its own infrastructure (dev-infra LocalInfra: KRaft broker, PostgreSQL,
# GreenMail SMTP sink; state in .cdp/bench-campaign, ports 39092/35432/32525) and the packaged campaign-service
# on :18084 with the same JVM options as ./cdp up, runs bench/CampaignBench.java, prints figures, stops both.
#   bench/campaign-dispatch.sh [sends=10000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.cdp/bench-campaign"
N="${1:-10000}"
JAVA_OPTS="${CDP_SERVICE_JAVA_OPTS:--Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k}"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$STATE" && mkdir -p "$STATE"
[ -n "${CAMPAIGN_BENCH_SKIP_BUILD:-}" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl dev-infra,campaign-service -am)

java -Xmx512m -cp "$ROOT/dev-infra/target/dev-infra-0.1.0-SNAPSHOT.jar:$ROOT/dev-infra/target/lib/*" \
  io.cartback.devinfra.LocalInfra "$STATE" 39092 35432 32525 > "$STATE/infra.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -f "$STATE/infra.env" ] && break; sleep 0.5; done
[ -f "$STATE/infra.env" ] || { tail -n 30 "$STATE/infra.log"; exit 1; }
get() { grep "^$1=" "$STATE/infra.env" | cut -d= -f2-; }
TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
(
  export KAFKA_BOOTSTRAP_SERVERS="$(get KAFKA_BOOTSTRAP_SERVERS)" DB_REACTIVE_URL="$(get CDP_DB_CAMPAIGN_REACTIVE_URL)" \
    DB_JDBC_URL="$(get CDP_DB_CAMPAIGN_JDBC_URL)" DB_USER=postgres DB_PASSWORD=postgres \
    SMTP_HOST="$(get SMTP_HOST)" SMTP_PORT="$(get SMTP_PORT)" CDP_ADMIN_TOKEN="$TOKEN" \
    CDP_LINK_SIGNING_KEY="bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
    CDP_PUBLIC_BASE_URL=http://localhost:18084 QUARKUS_HTTP_PORT=18084
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS -jar "$ROOT/campaign-service/target/quarkus-app/quarkus-run.jar"
) > "$STATE/campaign.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do curl -fs http://localhost:18084/q/health/ready > /dev/null 2>&1 && break; sleep 0.5; done
curl -fs http://localhost:18084/q/health/ready > /dev/null || { tail -n 40 "$STATE/campaign.log"; exit 1; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); campaign-service JVM: $JAVA_OPTS"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$ROOT/dev-infra/target/lib/*" \
  "$ROOT/bench/CampaignBench.java" http://localhost:18084 "$TOKEN" "$(get KAFKA_BOOTSTRAP_SERVERS)" \
  "$(get CDP_DB_CAMPAIGN_JDBC_URL)" "$N" "${PIDS[1]}"
echo "emails in the SMTP sink: $(ls "$STATE/mail" | wc -l)"
echo "campaign-service RSS: $(ps -o rss= -p "${PIDS[1]}" | awk '{printf "%.0f MB", $1/1024}')"
