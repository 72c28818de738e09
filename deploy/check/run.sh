#!/usr/bin/env bash
# Offline checks of deploy/ (CI runs this): render base + overlays with kubectl kustomize, validate every
# object, check manifests against the services' configuration. Needs Node 20+ and kubectl (kustomize v5).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v kubectl >/dev/null; then
    echo "kubectl not found: install one with kustomize v5 (kubectl >= 1.27), e.g. Debian's 'kubectl' package" >&2
    exit 2
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
node --test --test-reporter=spec test/
