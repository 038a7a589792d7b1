"""Stable reason codes carried by ``RejectedInput.reason`` for refused exchange input.

The codes are part of the contract with the services, the CLI and the UI (which map them to Dutch
text) and with the audit log, so they never change meaning; new refusals get new codes."""

from __future__ import annotations

# Envelope (before anything is decrypted or parsed).
TOO_LARGE = "too_large"
NOT_AGE = "not_age"
TRUNCATED = "truncated"
DECRYPT_FAILED = "decrypt_failed"  # no identity of ours can open it: not meant for us
CORRUPTED = "corrupted"  # right key, but the ciphertext fails authentication
MALFORMED_CONTAINER = "malformed_container"

# Signature (over the raw manifest bytes, before they are parsed).
MALFORMED_SIGNATURE = "malformed_signature"
UNKNOWN_SIGNER = "unknown_signer"
BAD_SIGNATURE = "bad_signature"

# Strict JSON.
INVALID_UTF8 = "invalid_utf8"
MALFORMED_JSON = "malformed_json"
DUPLICATE_KEY = "duplicate_key"
NAN = "nan"
NUMBER_NOT_ALLOWED = "number_not_allowed"
TOO_DEEP = "too_deep"
NOT_CANONICAL = "not_canonical"

# Manifest and payload checks.
UNKNOWN_VERSION = "unknown_version"
UNKNOWN_KIND = "unknown_kind"
UNEXPECTED_KIND = "unexpected_kind"
SENDER_MISMATCH = "sender_mismatch"
WRONG_RECIPIENT = "wrong_recipient"
REPLAYED = "replayed"
PAYLOAD_HASH_MISMATCH = "payload_hash_mismatch"
SCHEMA_INVALID = "schema_invalid"
# A well-formed receipt that confirms a package this side never sent.
UNKNOWN_PACKAGE = "unknown_package"
# Format 1.1: a key change whose new key is ours, or already known as another or revoked key.
KEY_CONFLICT = "key_conflict"

# Something unforeseen broke while reading the input; always a bug on our side worth a test.
UNREADABLE = "unreadable"

# Key files (``keys trust DIR``, ``--identity DIR``, ``--to DIR``).
BAD_KEY_FILE = "bad_key_file"

ALL_REASONS: tuple[str, ...] = (
    TOO_LARGE,
    NOT_AGE,
    TRUNCATED,
    DECRYPT_FAILED,
    CORRUPTED,
    MALFORMED_CONTAINER,
    MALFORMED_SIGNATURE,
    UNKNOWN_SIGNER,
    BAD_SIGNATURE,
    INVALID_UTF8,
    MALFORMED_JSON,
    DUPLICATE_KEY,
    NAN,
    NUMBER_NOT_ALLOWED,
    TOO_DEEP,
    NOT_CANONICAL,
    UNKNOWN_VERSION,
    UNKNOWN_KIND,
    UNEXPECTED_KIND,
    SENDER_MISMATCH,
    WRONG_RECIPIENT,
    REPLAYED,
    PAYLOAD_HASH_MISMATCH,
    SCHEMA_INVALID,
    UNKNOWN_PACKAGE,
    KEY_CONFLICT,
    BAD_KEY_FILE,
    UNREADABLE,
)
