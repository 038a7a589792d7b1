#!/usr/bin/env bash
# Open and check a team's package (e.g. its ontvangstbevestiging) with only age, tar, minisign,
# sha256sum and jq, as docs/exchange-format.md describes; print the payload.
#
#   read_package.sh FILE VT_DIR TEAM_SIGNING_PUB
#
# VT_DIR: encryption.key (age identity) and encryption.pub. Exit status 1 when a check fails.
set -euo pipefail
file=$1 vt=$2 team_pub=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

age -d -i "$vt/encryption.key" -o "$work/pakket.tar" "$file"
tar -xf "$work/pakket.tar" -C "$work" manifest.json manifest.json.minisig payload.json
minisign -Vm "$work/manifest.json" -p "$team_pub" > /dev/null
jq -e --arg hash "$(sha256sum "$work/payload.json" | jq -Rr 'split(" ")[0]')" \
  '.payload_sha256 == $hash' "$work/manifest.json" > /dev/null \
  || { echo "payload_hash_mismatch" >&2; exit 1; }
jq -e --arg me "$(jq -Rr 'select(startswith("age1"))' < "$vt/encryption.pub")" \
  '.recipient_key_id == $me' "$work/manifest.json" > /dev/null \
  || { echo "wrong_recipient" >&2; exit 1; }
jq -c '{kind, sequence, sender_key_id}' "$work/manifest.json"
jq -cS . "$work/payload.json"
