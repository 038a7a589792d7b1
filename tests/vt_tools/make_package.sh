#!/usr/bin/env bash
# Build an exchange package the way a second vendor's VT engineer would, with only jq, minisign,
# tar, age and sha256sum (docs/exchange-format.md, "Making a package by hand").
#
#   make_package.sh KIND VT_DIR TEAM_DIR SEQUENCE OUT [JQ_FILTER] < input.json
#
# KIND      overdracht (or any kind the doc lists)
# VT_DIR    signing.key (unencrypted minisign key, minisign -G -W) and signing.pub
# TEAM_DIR  the team's public folder (wijkteam-desk keys export): encryption.pub
# JQ_FILTER applied to the input JSON (default "."); jq writes the payload, in its own spelling
set -euo pipefail
kind=$1 vt=$2 team=$3 sequence=$4 out=$5 filter=${6:-.}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The payload, as jq writes it (compact, keys sorted; jq escapes U+007F as \u007f).
jq -cS "$filter" > "$work/payload.json"
# The key id exactly as minisign prints it in signing.pub (15 digits when it starts with 0).
key_id=$(jq -Rr 'capture("minisign public key (?<id>[0-9A-F]+)").id' < "$vt/signing.pub")
recipient=$(jq -Rr 'select(startswith("age1"))' < "$team/encryption.pub")
payload_sha256=$(sha256sum "$work/payload.json" | jq -Rr 'split(" ")[0]')
# Any random UUID will do; this one is derived from the payload and the sequence.
package_id=$(printf '%s %s' "$payload_sha256" "$sequence" | sha256sum | jq -Rr \
  '.[0:32] | "\(.[0:8])-\(.[8:12])-4\(.[13:16])-8\(.[17:20])-\(.[20:32])"')
jq -cnS --arg kind "$kind" --arg key "$key_id" --arg to "$recipient" \
  --arg hash "$payload_sha256" --arg id "$package_id" --argjson seq "$sequence" \
  '{format_version: 1, package_id: $id, kind: $kind, sender_key_id: $key,
    recipient_key_id: $to, created_at: (now | strftime("%Y-%m-%dT%H:%M:%SZ")),
    sequence: $seq, payload_sha256: $hash}' > "$work/manifest.json"

minisign -S -s "$vt/signing.key" -m "$work/manifest.json" \
  -t "file:manifest.json package:$package_id kind:$kind sequence:$sequence" > /dev/null
tar --format=ustar -C "$work" -cf "$work/pakket.tar" \
  manifest.json manifest.json.minisig payload.json
age -R "$team/encryption.pub" -o "$out" "$work/pakket.tar"
