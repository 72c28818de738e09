#!/usr/bin/env bash
# Fault scenarios: consumer-group rebalances under load. One undisturbed run (one replica of each service) first;
# then each named variant replays again (fresh Kafka and PostgreSQL), starts a second replica of profile-service
# and of funnel-service (same consumer groups and databases, HTTP on port + 10) once 20% of the events are in
# (they join mid-replay), lets both replicas work until 75% of the events are accepted and the second replicas have applied
# events, then stops the second replicas: `term` with SIGTERM (graceful: leaves the group), `kill` with kill -9
# (the group notices after the session timeout). Each rebalance moves partitions (and funnel-service's per-partition
# event-time progress) between replicas. Compared with the undisturbed run as in chaos/kill-mid-replay.sh.
#   chaos/rebalance-mid-replay.sh [term] [kill]      (default: both; 4-5 min per run on a loaded 2-core machine)
# Exit status 1 when a run differs from the undisturbed one. Output: .cdp/crash/chaos-out/<run>/
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
chaos_start "term kill" "$@"
status=0
for v in "${SCENARIOS[@]}"; do
  name="rebalance-$v"
  signal=TERM
  [ "$v" = kill ] && signal=KILL
  log "run with a second replica of profile- and funnel-service joining and leaving (SIG$signal) mid-replay"
  started=$(date -u '+%Y-%m-%d %H:%M UTC')
  demo_start "$name"
  # A JVM start takes 30-120 s on a loaded 2-core machine, as long as the whole replay of a day: the replay client
  # is paused (SIGSTOP) once 20% of the events are in while the second replicas start, and resumed when they are
  # ready, so they join mid-replay. (funnel-service runs with a 10-minute idle-after in these runs, see lib.sh, so
  # the pause does not move its watermark.)
  wait_for 300 "ingest to accept 20% of the events" at_least accepted_by_ingest $((BASELINE_EVENTS * 20 / 100))
  client=$(pgrep -P "$DEMO_PID" java | head -1)
  [ -n "$client" ] || die "the replay client (java child of $DEMO_PID) not found"
  kill -STOP "$client"
  joined="ingest had accepted $(accepted_by_ingest) events when the replay was paused and the second replicas started"
  replica_start profile &
  starting=$!
  replica_start funnel || { kill -CONT "$client"; exit 1; }
  wait "$starting" || { kill -CONT "$client"; exit 1; }
  kill -CONT "$client"
  joined="$joined; resumed when both were ready"
  replica2_worked() {
    [ "$(applied_by profile $REPLICA_OFFSET)" -ge 1 ] && [ "$(applied_by funnel $REPLICA_OFFSET)" -ge 1 ] \
      && [ "$(accepted_by_ingest)" -ge $((BASELINE_EVENTS * 75 / 100)) ] && return 0
    [ "$(accepted_by_ingest)" -lt "$BASELINE_EVENTS" ] || die "the replay ended before both second replicas had applied events"
    return 1
  }
  wait_for 400 "the second replicas to apply events and ingest to accept 75% of the events" replica2_worked
  left="ingest had accepted $(accepted_by_ingest) events; replica 2 had applied $(applied_by profile $REPLICA_OFFSET) (profile) and $(applied_by funnel $REPLICA_OFFSET) (funnel)"
  replica_stop profile "$signal"
  replica_stop funnel "$signal"
  log "second replicas joined ($joined) and left by SIG$signal ($left)"
  demo_wait "$name"
  collect "$name"
  {
    echo "== $name ($started, $CHAOS_DAYS store day(s) from $CHAOS_FROM): second replicas of profile- and funnel-service joined ($joined) and were stopped by SIG$signal ($left)"
    echo "replica 1:     applied $(applied_by profile) events (profile), $(applied_by funnel) (funnel) in all"
    compare baseline "$name" || true
  } | tee "$CHAOS_OUT/$name/figures.txt"
  grep -q 'result:        EQUAL' "$CHAOS_OUT/$name/figures.txt" || status=1
done
exit "$status"
