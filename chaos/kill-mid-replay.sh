#!/usr/bin/env bash
# Fault scenarios: ingest-, profile- or funnel-service is killed (-9) in the middle of the replay and restarted.
# One undisturbed run of the same input first; then each named scenario replays again (fresh Kafka and
# PostgreSQL), kills the service once 40% of the events have been accepted, restarts it with ./cdp up, and compares
# what every service made of it with the undisturbed run: every event on cdp.events.v1 (none missing; duplicates
# counted), profile stats and a fingerprint of every profile (identifiers, traits, cart, history, facts), the funnel
# report, the abandonments and the records on cdp.checkouts-abandoned.v1 / -recovered.v1.
#   chaos/kill-mid-replay.sh [ingest] [profile] [funnel]      (default: all three; about 4 min per run on a loaded 2-core machine)
# Exit status 1 when a run differs from the undisturbed one. Output: .cdp/crash/chaos-out/<run>/
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
chaos_start "ingest profile funnel" "$@"
status=0
for s in "${SCENARIOS[@]}"; do
  name="kill-$s"
  log "run with $s-service killed (-9) mid-replay"
  started=$(date -u '+%Y-%m-%d %H:%M UTC')
  demo_start "$name"
  threshold=$((BASELINE_EVENTS * 40 / 100))
  wait_for 300 "ingest to accept $threshold events" at_least accepted_by_ingest "$threshold"
  if [ "$s" = ingest ]; then
    before="ingest had accepted $(accepted_by_ingest) events"
  else
    before="ingest had accepted $(accepted_by_ingest) events, $s-service had applied $(applied_by "$s")"
  fi
  kill9 "$s"
  if [ "$s" = ingest ]; then
    # what ingest had published when it died: a superset of what it acknowledged (the importer retries the rest)
    before="$before; $(probe topic "$(env_of KAFKA_BOOTSTRAP_SERVERS)" cdp.events.v1 messageId | sort -u | wc -l) distinct events on cdp.events.v1 after the kill"
    sleep 5 # the importer meets refused connections meanwhile
  fi
  restart "$s"
  log "killed $s-service ($before), restarted"
  demo_wait "$name"
  case "$s" in # what the restarted process did
    ingest) after="accepted $(accepted_by_ingest) events, $(metric "$(port ingest)" 'cdp_ingest_duplicates_total\{kind="retry"\}') of them retries it recognised as already stored" ;;
    profile) after="applied $(applied_by profile) events, skipped $(metric "$(port profile)" 'cdp_profile_events_total\{outcome="duplicate"\}') redelivered ones already applied" ;;
    funnel) after="applied $(applied_by funnel) events, skipped $(metric "$(port funnel)" cdp_funnel_redelivered_events) redelivered ones already stored" ;;
  esac
  collect "$name"
  {
    echo "== $name ($started, $CHAOS_DAYS store day(s) from $CHAOS_FROM): $s-service killed (-9) when $before; restarted by ./cdp up; after the restart it $after"
    compare baseline "$name" || true
  } | tee "$CHAOS_OUT/$name/figures.txt"
  grep -q 'result:        EQUAL' "$CHAOS_OUT/$name/figures.txt" || status=1
done
exit "$status"
