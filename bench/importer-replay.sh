#!/usr/bin/env bash
# The GA replay through the ingest HTTP API on this machine: calls, replay time, events/s, and the resident memory
# of the importer and of ingest-service (sampled every 2 s). Starts its own fresh infrastructure + ingest-service
# (state in .cdp/bench-importer, wiped first; stop a running ./cdp stack: it uses the same service port 8081),
# runs the importer, prints figures, stops everything.
#   bench/importer-replay.sh                 # the default window (first 14 store days)
#   bench/importer-replay.sh --all           # all 92 days; any import-ga options pass through
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CDP_STATE_DIR="$ROOT/.cdp/bench-importer" CDP_ONLY=ingest CDP_KAFKA_PORT=29092 CDP_PG_PORT=25432 CDP_SMTP_PORT=22525
DATA="$(ls "$ROOT"/../shared/data/google_merch_store_*.csv.gz 2>/dev/null | head -n1)"
[ -n "$DATA" ] || { echo "no GA export in $ROOT/../shared/data" >&2; exit 1; }
trap '"$ROOT/cdp" down >/dev/null 2>&1 || true' EXIT
"$ROOT/cdp" down >/dev/null 2>&1 || true
rm -rf "$CDP_STATE_DIR"
# build only what this needs, then tell ./cdp it is built (it would otherwise package the whole reactor)
(cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl importer,ingest-service,dev-infra -am)
mkdir -p "$CDP_STATE_DIR" && touch "$CDP_STATE_DIR/.built"
"$ROOT/cdp" up
KEY=$(grep '^CDP_WRITE_KEY=' "$CDP_STATE_DIR/local.env" | cut -d= -f2-)
INGEST_PID=$(cat "$CDP_STATE_DIR/run/ingest.pid")
OUT="$CDP_STATE_DIR/importer"
mkdir -p "$OUT"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
CDP_WRITE_KEY="$KEY" java -Xmx256m -jar "$ROOT/importer/target/importer-0.1.0-SNAPSHOT.jar" import-ga \
  --file "$DATA" --ingest http://localhost:8081 "$@" > "$OUT/summary.json" 2> "$OUT/progress.log" &
IMPORTER=$!
START=$(date +%s.%N)
: > "$OUT/rss.log"
while kill -0 "$IMPORTER" 2>/dev/null; do
  echo "$(ps -o rss= -p "$IMPORTER" 2>/dev/null || echo 0) $(ps -o rss= -p "$INGEST_PID" 2>/dev/null || echo 0)" >> "$OUT/rss.log"
  sleep 2
done
wait "$IMPORTER" && RC=0 || RC=$?
END=$(date +%s.%N)
echo "importer exit status: $RC (summary: $OUT/summary.json)"
python3 - "$OUT/summary.json" "$OUT/rss.log" "$START" "$END" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); d = s["delivery"]
rss = [l.split() for l in open(sys.argv[2]) if l.strip()]
imp = max(int(r[0]) for r in rss) / 1024 if rss else 0
ing = max(int(r[1]) for r in rss) / 1024 if rss else 0
print(f"window: {s['window']}")
print(f"rows {s['mapping']['rows']:,}, calls {s['mapping']['calls']:,}: accepted {d['accepted']:,} "
      f"(duplicates {d['duplicates']:,}), rejected {d['rejected']:,} {d['rejectedByReason']}, undelivered {d['undelivered']:,}")
print(f"replay {d['seconds']:.1f} s ({d['eventsPerSecond']:,.0f} calls/s), wall {float(sys.argv[4]) - float(sys.argv[3]):.1f} s, "
      f"retries {d['retries']}")
print(f"max RSS: importer {imp:.0f} MiB, ingest-service {ing:.0f} MiB")
PY
