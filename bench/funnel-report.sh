#!/usr/bin/env bash
# Times the default checkout funnel report over the full 92 days of ../shared/data (1.29M rows) and over one
# week, from funnel-service's storage design, against DuckDB answering the same question from the same raw
# rows in the same run; prints both, the ratio, and whether the step counts are identical.
# Usage: bench/funnel-report.sh [runs]      (CDP_GA_FILE=... to point at the export elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx4g}"
./mvnw -B -q -pl funnel-service -am -Pfunnel-bench -DskipTests process-test-classes -Dexec.args="${1:-7}"
