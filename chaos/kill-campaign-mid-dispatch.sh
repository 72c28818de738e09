#!/usr/bin/env bash
# Fault scenario: campaign-service is killed (-9) right when due emails start going out, then restarted.
# Compares the emails against an undisturbed run of the same input: none may be sent twice; every shopper mailed
# in the undisturbed run is mailed or held out (the holdout split is keyed on the campaign id, new in each run),
# or counted as outcome_unknown (killed between the SMTP server's accept and the SENT commit).
#   chaos/kill-campaign-mid-dispatch.sh [days=1]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CDP_STATE_DIR="$ROOT/.cdp/chaos" CDP_PORT_OFFSET=200 CDP_KAFKA_PORT=19292 CDP_PG_PORT=15632 CDP_SMTP_PORT=2725
DAYS="${1:-1}"
recipients() { { grep -h '^To: ' "$CDP_STATE_DIR"/mail/*.eml 2>/dev/null || true; } | sed 's/^To: //' | sort; }

echo "== undisturbed run"
"$ROOT/cdp" demo --days "$DAYS" > "$ROOT/.cdp/chaos-baseline.log" 2>&1 || { tail -20 "$ROOT/.cdp/chaos-baseline.log"; exit 1; }
mkdir -p "$ROOT/.cdp/chaos-out"
cp "$CDP_STATE_DIR/last-run/summary.json" "$ROOT/.cdp/chaos-out/baseline-summary.json"
ls "$CDP_STATE_DIR"/last-run/mail/*.eml | xargs grep -h '^To: ' | sed 's/^To: //' | sort > "$ROOT/.cdp/chaos-out/baseline.txt"

echo "== run with campaign-service killed when dispatch starts"
"$ROOT/cdp" demo --days "$DAYS" --keep-running > "$ROOT/.cdp/chaos-run.log" 2>&1 &
DEMO=$!
until grep -q "advancing campaign-service" "$ROOT/.cdp/chaos-run.log" 2>/dev/null; do sleep 0.2; done
sleep 0.3
kill -9 "$(cat "$CDP_STATE_DIR/run/campaign.pid")"
echo "killed campaign-service after $(ls "$CDP_STATE_DIR"/mail/*.eml 2>/dev/null | wc -l) emails"
wait "$DEMO" || echo "(the demo's own report failed while campaign-service was down, as expected)"
CDP_SKIP_BUILD=1 "$ROOT/cdp" up > /dev/null   # restarts what is not running
TOKEN=$(grep '^CDP_ADMIN_TOKEN=' "$CDP_STATE_DIR/local.env" | cut -d= -f2-)
CID=$(curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:$((8084 + CDP_PORT_OFFSET))/campaigns" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
# the killed replica's claims are released when their lease (2 min) expires; wait until nothing is pending
for _ in $(seq 1 60); do
  curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:$((8084 + CDP_PORT_OFFSET))/campaigns/$CID/report" > "$ROOT/.cdp/chaos-out/disturbed-report.json"
  grep -q '"pending":0,' "$ROOT/.cdp/chaos-out/disturbed-report.json" && ! grep -q '"pending":[1-9]' "$ROOT/.cdp/chaos-out/disturbed-report.json" && break
  sleep 5
done
sleep 5
recipients > "$ROOT/.cdp/chaos-out/disturbed.txt"
"$ROOT/cdp" down > /dev/null
echo "baseline emails:  $(wc -l < "$ROOT/.cdp/chaos-out/baseline.txt")"
echo "disturbed emails: $(wc -l < "$ROOT/.cdp/chaos-out/disturbed.txt")"
echo "sent twice:       $(uniq -d "$ROOT/.cdp/chaos-out/disturbed.txt" | wc -l)"
echo "missing vs baseline: $(comm -23 "$ROOT/.cdp/chaos-out/baseline.txt" "$ROOT/.cdp/chaos-out/disturbed.txt" | wc -l)"
echo "extra vs baseline:   $(comm -13 "$ROOT/.cdp/chaos-out/baseline.txt" "$ROOT/.cdp/chaos-out/disturbed.txt" | wc -l)"
echo "report after restart: $(grep -o '"mailed":{"triggered[^}]*}' "$ROOT/.cdp/chaos-out/disturbed-report.json" | head -1)"
