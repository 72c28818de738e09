# Shared helpers of the fault scenarios under chaos/ (sourced, not run). They drive the real local stack started by
# ./cdp: one run = `./cdp demo --days N --keep-running` (the replay of real shop data through the ingest API)
# with a disturbance injected while it replays, then the state every service reached is read back and compared with
# an undisturbed run of the same input.
#
# Own ports and state directory (override any of them in the environment), so a scenario runs beside other stacks.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CDP_STATE_DIR="${CDP_STATE_DIR:-$ROOT/.cdp/crash}" CDP_PORT_OFFSET="${CDP_PORT_OFFSET:-400}"
export CDP_KAFKA_PORT="${CDP_KAFKA_PORT:-19492}" CDP_PG_PORT="${CDP_PG_PORT:-15832}" CDP_SMTP_PORT="${CDP_SMTP_PORT:-2925}"
# campaign-service stays out: its holdout split is keyed on the campaign id (new in every run), and
# chaos/kill-campaign-mid-dispatch.sh covers it. ./cdp up restarts only these.
export CDP_ONLY="ingest profile funnel"
# what bin/demo gives the event-time services; exported here too so a service restarted by a scenario gets it
export CDP_FUNNEL_ALLOWED_LATENESS="${CDP_FUNNEL_ALLOWED_LATENESS:-30m}"
# every run (the undisturbed one too): a stream idle for 2 minutes (the default) would make funnel-service's
# watermark follow the wall clock while a scenario pauses the replay client; the demo pushes it at the end anyway
export CDP_FUNNEL_IDLE_AFTER="${CDP_FUNNEL_IDLE_AFTER:-10m}"
CHAOS_DAYS="${CHAOS_DAYS:-1}"
CHAOS_OUT="$CDP_STATE_DIR/chaos-out"
CHAOS_FROM=2016-08-01 # the data's first store day: the demo's --days N window starts there
REPLICA_OFFSET=10     # a second replica of a service listens on its port + 10
declare -A CHAOS_BASE_PORT=([ingest]=8081 [profile]=8082 [funnel]=8083)

log() { printf '\033[1m[chaos]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
port() { echo $((CHAOS_BASE_PORT[$1] + CDP_PORT_OFFSET + ${2:-0})); }
env_of() { grep -h "^$1=" "$CDP_STATE_DIR/infra.env" "$CDP_STATE_DIR/local.env" 2>/dev/null | tail -n1 | cut -d= -f2-; }
pid_of() { cat "$CDP_STATE_DIR/run/$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# ChaosProbe (single-file Java program) with Kafka, Jackson and the PostgreSQL driver from the build
probe() {
  java -Xmx256m -cp "$ROOT/demo/target/lib/*:$(ls "$ROOT"/dev-infra/target/lib/postgresql-*.jar | head -1)" \
    "$ROOT/chaos/ChaosProbe.java" "$@"
}

# wait_for SECONDS WHAT COMMAND...: polls every 0.5 s; fails the scenario after SECONDS
wait_for() {
  local seconds="$1" what="$2" i
  shift 2
  for i in $(seq 1 $((seconds * 2))); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  die "timed out after $seconds s waiting for: $what"
}

# metric PORT NAME_REGEX: the first Prometheus sample matching (0 when none or the service does not answer)
metric() {
  local v
  v=$(curl -fs --max-time 5 "http://localhost:$1/q/metrics" 2>/dev/null | grep -E "^$2 " | head -1 | awk '{print $2}')
  printf '%.0f\n' "${v:-0}"
}
accepted_by_ingest() { metric "$(port ingest)" 'cdp_ingest_events_accepted_total'; }
applied_by() { # applied_by SERVICE [PORT_DELTA]
  case "$1" in
    profile) metric "$(port profile "${2:-0}")" 'cdp_profile_events_total\{outcome="applied"\}' ;;
    funnel) metric "$(port funnel "${2:-0}")" 'cdp_funnel_applied_events' ;;
  esac
}
at_least() { [ "$("$1" "${@:3}")" -ge "$2" ]; } # at_least FUNCTION N [ARGS]: FUNCTION ARGS prints >= N

# demo_start NAME: the replay in the background (fresh Kafka and PostgreSQL), output in $CHAOS_OUT/NAME/demo.log
demo_start() {
  rm -rf "${CHAOS_OUT:?}/$1" && mkdir -p "$CHAOS_OUT/$1"
  CDP_SKIP_BUILD=1 "$ROOT/cdp" demo --days "$CHAOS_DAYS" --keep-running > "$CHAOS_OUT/$1/demo.log" 2>&1 &
  DEMO_PID=$!
  wait_for 240 "the stack of run $1 to replay" grep -qs 'replaying the shop' "$CHAOS_OUT/$1/demo.log"
}

# demo_wait NAME: waits (at most 10 min) until the demo has settled and written its summary
demo_wait() {
  local i
  for i in $(seq 1 1200); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$DEMO_PID" 2>/dev/null && die "run $1 did not finish within 10 minutes (log: $CHAOS_OUT/$1/demo.log)"
  wait "$DEMO_PID" || { tail -n 30 "$CHAOS_OUT/$1/demo.log" >&2; DEMO_PID=; die "run $1 failed (log: $CHAOS_OUT/$1/demo.log)"; }
  DEMO_PID=
}

# kill9 SERVICE: kill -9 of the process ./cdp started
kill9() {
  local p
  p=$(pid_of "$1")
  [ -n "$p" ] || die "$1 has no pid file"
  kill -9 "$p"
  for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.25; done
  die "$1 (pid $p) still alive after kill -9"
}

# restart SERVICE: ./cdp up restarts what is not running (it checks the write key with an empty batch: no event).
restart() {
  CDP_SKIP_BUILD=1 CDP_ONLY="$1" "$ROOT/cdp" up > "$CHAOS_OUT/restart-$1.log" 2>&1 \
    || { tail -n 20 "$CHAOS_OUT/restart-$1.log" >&2; die "restarting $1 failed"; }
}

# replica_start SERVICE: a second replica (same consumer group and database, HTTP on the port + 10), as ./cdp
# starts the first one; returns when it is ready
replica_start() {
  local s="$1" upper
  upper=$(echo "$s" | tr a-z A-Z)
  (
    set -a
    # shellcheck disable=SC1091
    . "$CDP_STATE_DIR/local.env"
    set +a
    export KAFKA_BOOTSTRAP_SERVERS="$(env_of KAFKA_BOOTSTRAP_SERVERS)"
    export DB_REACTIVE_URL="$(env_of "CDP_DB_${upper}_REACTIVE_URL")" DB_JDBC_URL="$(env_of "CDP_DB_${upper}_JDBC_URL")"
    export DB_USER="$(env_of CDP_DB_USER)" DB_PASSWORD="$(env_of CDP_DB_PASSWORD)"
    export QUARKUS_HTTP_PORT="$(port "$s" $REPLICA_OFFSET)" QUARKUS_LOG_FILE_ENABLE=false
    # shellcheck disable=SC2086
    exec java ${CDP_SERVICE_JAVA_OPTS:--Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k} \
      -jar "$ROOT/$s-service/target/quarkus-app/quarkus-run.jar"
  ) > "$CDP_STATE_DIR/logs/$s-2.log" 2>&1 &
  echo $! > "$CDP_STATE_DIR/run/$s-2.pid"
  wait_for 180 "replica 2 of $s to be ready" curl -fs -o /dev/null "http://localhost:$(port "$s" $REPLICA_OFFSET)/q/health/ready"
}

# replica_stop SERVICE SIGNAL (TERM: graceful shutdown, leaves the group; KILL: the group notices after the session
# timeout)
replica_stop() {
  local p
  p=$(pid_of "$1-2")
  [ -n "$p" ] || return 0
  kill -"$2" "$p" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$p" 2>/dev/null || true
  rm -f "$CDP_STATE_DIR/run/$1-2.pid"
}

chaos_cleanup() {
  local c
  if [ -n "${DEMO_PID:-}" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    for c in $(pgrep -P "$DEMO_PID"); do kill -CONT "$c" 2>/dev/null; kill "$c" 2>/dev/null || true; done
    kill "$DEMO_PID" 2>/dev/null || true
  fi
  for s in profile funnel; do replica_stop "$s" KILL; done
  "$ROOT/cdp" down > /dev/null 2>&1 || true
}

# get PORT/PATH: a GET with the admin token (JSON), failing the scenario on an error answer
get() {
  curl -fsS --max-time 60 -H "Authorization: Bearer $(env_of CDP_ADMIN_TOKEN)" -H 'Accept: application/json' \
    "http://localhost:$1" || die "GET http://localhost:$1 failed"
}

# collect NAME: what every service made of the run, one sorted file per view, under $CHAOS_OUT/NAME
collect() {
  local d="$CHAOS_OUT/$1" boot to
  boot=$(env_of KAFKA_BOOTSTRAP_SERVERS)
  to=$(probe json "$CDP_STATE_DIR/last-run/summary.json" to)
  cp "$CDP_STATE_DIR/last-run/summary.json" "$d/summary.json"
  probe topic "$boot" cdp.events.v1 messageId | sort > "$d/event-ids.txt"
  probe topic "$boot" cdp.checkouts-abandoned.v1 | sort > "$d/abandoned-records.txt"
  probe topic "$boot" cdp.checkouts-recovered.v1 | sort > "$d/recovered-records.txt"
  probe profiles "$(env_of CDP_DB_PROFILE_JDBC_URL)" "$(env_of CDP_DB_USER)" "$(env_of CDP_DB_PASSWORD)" > "$d/profiles.txt"
  get "$(port profile)/profiles/stats" > "$d/profile-stats.json"
  get "$(port funnel)/funnels/checkout/report?from=$CHAOS_FROM&to=$to" > "$d/funnel-report.json"
  get "$(port funnel)/funnels/checkout/abandonments?from=$CHAOS_FROM&to=$to&limit=1000" \
    | sed 's/},{/}\n{/g; s/^\[//; s/\]$//' | sort > "$d/abandonments.txt"
  [ "$(wc -l < "$d/abandonments.txt")" -lt 1000 ] || die "1,000 abandonments or more: the API's page limit; use fewer days"
  get "$(port funnel)/admin/watermark" > "$d/watermark.json"
}

# compare BASELINE NAME: prints the figures of run NAME against the baseline; returns 1 on any difference
compare() {
  local b="$CHAOS_OUT/$1" d="$CHAOS_OUT/$2" fail=0 offered acked records distinct missing extra ab_records ab_distinct
  offered=$(sort -u "$b/event-ids.txt" | wc -l)
  acked=$(probe json "$d/summary.json" import.delivery.accepted)
  records=$(wc -l < "$d/event-ids.txt")
  distinct=$(sort -u "$d/event-ids.txt" | wc -l)
  missing=$(comm -23 <(sort -u "$b/event-ids.txt") <(sort -u "$d/event-ids.txt") | wc -l)
  extra=$(comm -13 <(sort -u "$b/event-ids.txt") <(sort -u "$d/event-ids.txt") | wc -l)
  echo "events:        offered $offered, acknowledged $acked (importer: retries $(probe json "$d/summary.json" import.delivery.retries) $(probe json "$d/summary.json" import.delivery.retriesByCause), undelivered $(probe json "$d/summary.json" import.delivery.undelivered)); on cdp.events.v1: $distinct distinct of $records records, duplicates $((records - distinct)), missing vs undisturbed $missing, extra $extra"
  [ "$missing" = 0 ] && [ "$extra" = 0 ] && [ "$acked" = "$offered" ] || fail=1
  local pdiff
  pdiff=$(comm -3 "$b/profiles.txt" "$d/profiles.txt" | wc -l)
  echo "profiles:      $(cat "$d/profile-stats.json") vs undisturbed $(cat "$b/profile-stats.json"); fingerprints $(wc -l < "$d/profiles.txt"), differing lines $pdiff"
  cmp -s "$b/profile-stats.json" "$d/profile-stats.json" && [ "$pdiff" = 0 ] || fail=1
  local rep="same" ab_missing ab_extra
  cmp -s <(probe json "$b/funnel-report.json" .) <(probe json "$d/funnel-report.json" .) || { rep="DIFFERENT"; fail=1; }
  ab_records=$(wc -l < "$d/abandoned-records.txt")
  ab_distinct=$(sort -u "$d/abandoned-records.txt" | wc -l)
  ab_missing=$(comm -23 <(sort -u "$b/abandoned-records.txt") <(sort -u "$d/abandoned-records.txt") | wc -l)
  ab_extra=$(comm -13 <(sort -u "$b/abandoned-records.txt") <(sort -u "$d/abandoned-records.txt") | wc -l)
  echo "funnel:        report $rep as undisturbed ($(probe json "$d/funnel-report.json" journeys) journeys, $(probe json "$d/funnel-report.json" converted) converted, too late $(probe json "$d/watermark.json" tooLateEvents)); abandonments API $(wc -l < "$d/abandonments.txt") ($(comm -3 "$b/abandonments.txt" "$d/abandonments.txt" | wc -l) lines differ)"
  echo "               cdp.checkouts-abandoned.v1: $ab_distinct distinct of $ab_records records (undisturbed $(sort -u "$b/abandoned-records.txt" | wc -l)), duplicates $((ab_records - ab_distinct)), missing $ab_missing, extra $ab_extra; cdp.checkouts-recovered.v1: $(sort -u "$d/recovered-records.txt" | wc -l) distinct ($(comm -3 <(sort -u "$b/recovered-records.txt") <(sort -u "$d/recovered-records.txt") | wc -l) differ)"
  cmp -s "$b/abandonments.txt" "$d/abandonments.txt" && [ "$ab_missing" = 0 ] && [ "$ab_extra" = 0 ] || fail=1
  cmp -s <(sort -u "$b/recovered-records.txt") <(sort -u "$d/recovered-records.txt") || fail=1
  [ "$(probe json "$d/watermark.json" tooLateEvents)" = "$(probe json "$b/watermark.json" tooLateEvents)" ] || fail=1
  if [ "$fail" = 0 ]; then echo "result:        EQUAL to the undisturbed run"; else echo "result:        DIFFERENT from the undisturbed run (files: $d)"; fi
  return "$fail"
}

# chaos_start "ALL SCENARIOS" [ARGS...]: SCENARIOS = the ones named in ARGS (default: all), checked; the stack is
# stopped on exit whatever happens; then the undisturbed run
chaos_start() {
  local all="$1" s
  shift
  SCENARIOS=("$@")
  [ ${#SCENARIOS[@]} -gt 0 ] || read -ra SCENARIOS <<< "$all"
  for s in "${SCENARIOS[@]}"; do [[ " $all " == *" $s "* ]] || die "unknown scenario $s (choose from: $all)"; done
  [ -f "$ROOT/demo/target/demo-0.1.0-SNAPSHOT.jar" ] || die "build first: ./mvnw -B -q package -DskipTests"
  mkdir -p "$CHAOS_OUT"
  trap chaos_cleanup EXIT
  run_baseline
}

# baseline: the undisturbed run every scenario is compared with
run_baseline() {
  if [ -n "${CHAOS_REUSE_BASELINE:-}" ] && [ -f "$CHAOS_OUT/baseline/watermark.json" ]; then # for working on a script
    log "reusing the undisturbed run in $CHAOS_OUT/baseline (CHAOS_REUSE_BASELINE)"
  else
    rm -rf "$CHAOS_OUT/baseline"
    log "undisturbed run ($CHAOS_DAYS store day(s), replay through the ingest API)"
    demo_start baseline
    demo_wait baseline
    collect baseline
  fi
  BASELINE_EVENTS=$(sort -u "$CHAOS_OUT/baseline/event-ids.txt" | wc -l)
  log "undisturbed: $BASELINE_EVENTS events, $(cat "$CHAOS_OUT/baseline/profile-stats.json"), $(wc -l < "$CHAOS_OUT/baseline/abandonments.txt") abandonments"
}
