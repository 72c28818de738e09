#!/usr/bin/env bash
# Writes the secret files an overlay's secretGenerator reads (overlays/<overlay>/secrets/*.env,
# git-ignored), with fresh random values. Never overwrites a file that exists, so it is safe to re-run
# and a value you put there yourself (e.g. the SMTP relay's credentials) stays.
#   deploy/secrets.sh dev|prod
# SMTP_USER / SMTP_PASSWORD are taken from the environment when set; for prod they must be the relay's
# real credentials, so without them the prod smtp.env is not written and kustomize stops with an error.
set -euo pipefail
overlay="${1:?usage: secrets.sh dev|prod}"
dir="$(cd "$(dirname "$0")" && pwd)/overlays/$overlay/secrets"
[ -d "$dir" ] || { echo "no overlay '$overlay' (expected $dir)" >&2; exit 2; }
umask 077

random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40; }

write() { # file, then KEY=VALUE lines
    local file="$dir/$1"; shift
    if [ -e "$file" ]; then echo "kept    $file"; return; fi
    printf '%s\n' "$@" > "$file"
    echo "wrote   $file"
}

write auth.env "CDP_ADMIN_TOKEN=$(random)" "CDP_MARKETER_TOKEN=$(random)"
write ingest.env "CDP_WRITE_KEY_PEPPER=$(random)"
write campaign.env "CDP_LINK_SIGNING_KEY=$(random)"
write profile.env "CDP_ERASURE_KEY=$(random)"
for s in ingest profile funnel campaign; do
    # basic-auth layout: CloudNativePG sets the role's password from it, the service logs in with it.
    write "db-$s.env" "username=$s" "password=$(random)"
done
if [ -n "${SMTP_USER:-}" ] && [ -n "${SMTP_PASSWORD:-}" ]; then
    write smtp.env "SMTP_USER=$SMTP_USER" "SMTP_PASSWORD=$SMTP_PASSWORD"
elif [ "$overlay" = dev ]; then
    # The dev mail sink (Mailpit) accepts any login.
    write smtp.env "SMTP_USER=dev" "SMTP_PASSWORD=$(random)"
elif [ ! -e "$dir/smtp.env" ]; then
    echo "missing $dir/smtp.env: set SMTP_USER and SMTP_PASSWORD (your relay's credentials) and re-run" >&2
fi
