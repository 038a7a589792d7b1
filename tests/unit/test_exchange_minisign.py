"""minisign-compatible keys and signatures (format level; the CLI interop is an integration
test in tests/integration/test_exchange_cli_tools.py)."""

from __future__ import annotations

import base64
import re

import minisign
import pytest

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.minisign import (
    MinisignSignature,
    SigningKey,
    SigningPublicKey,
    sign,
)

# Generated once with `minisign -G -W` (minisign 0.11); only public test material.
MINISIGN_PUB = (
    "untrusted comment: minisign public key 6553CB0CFE370CB2\n"
    "RWSyDDf+DMtTZe4G/62d82Kbu+rzzZ+5wAyu+vMmI7fpgGLb/KHoUGAD\n"
)


def test_public_key_file_round_trip_and_minisign_key_id() -> None:
    key = SigningPublicKey.from_file_text(MINISIGN_PUB)
    assert key.key_id_hex == "6553CB0CFE370CB2"
    assert key.file_text() == MINISIGN_PUB
    assert SigningPublicKey.from_file_text(key.file_text("anything")) == key


def test_fingerprint_is_grouped_hex_bound_to_the_key() -> None:
    key = SigningKey.generate().public_key
    assert re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", key.fingerprint())
    same_id_other_key = SigningPublicKey(key.key_id, bytes(32))
    assert same_id_other_key.fingerprint() != key.fingerprint()


def test_sign_and_verify_and_signature_file_round_trip() -> None:
    key = SigningKey.generate()
    signature = sign(key, b"manifest", "timestamp:0\tfile:manifest.json")
    parsed = MinisignSignature.from_file_bytes(signature.file_text().encode())
    assert parsed == signature
    key.public_key.verify(b"manifest", parsed)


def test_tampered_message_comment_or_signature_is_bad_signature() -> None:
    key = SigningKey.generate()
    signature = sign(key, b"manifest", "trusted")
    for message, sig in (
        (b"manifesT", signature),
        (
            b"manifest",
            MinisignSignature(
                key.key_id, signature.signature, "Trusted", signature.global_signature
            ),
        ),
        (
            b"manifest",
            MinisignSignature(key.key_id, bytes(64), "trusted", signature.global_signature),
        ),
    ):
        with pytest.raises(RejectedInput) as caught:
            key.public_key.verify(message, sig)
        assert caught.value.reason == "bad_signature"


def test_other_key_id_is_unknown_signer() -> None:
    signature = sign(SigningKey.generate(), b"m", "c")
    with pytest.raises(RejectedInput) as caught:
        SigningKey.generate().public_key.verify(b"m", signature)
    assert caught.value.reason == "unknown_signer"


def test_secret_key_file_round_trip_keeps_the_key() -> None:
    key = SigningKey.generate()
    again = SigningKey.from_secret_key_text(key.secret_key_text())
    assert again.public_key == key.public_key and again.seed == key.seed


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"untrusted comment: x\nRUQ=\ntrusted comment: y\nAAAA\n",
        b"not a signature at all",
        b"untrusted comment: x\n!!!\ntrusted comment: y\n!!!\n",
        b"\xff\xfe",
    ],
)
def test_malformed_signature_files(raw: bytes) -> None:
    with pytest.raises(RejectedInput) as caught:
        MinisignSignature.from_file_bytes(raw)
    assert caught.value.reason == "malformed_signature"


def test_legacy_non_prehashed_signatures_are_refused() -> None:
    text = sign(SigningKey.generate(), b"m", "c").file_text().splitlines()
    blob = base64.b64decode(text[1])
    text[1] = base64.b64encode(b"Ed" + blob[2:]).decode()
    with pytest.raises(RejectedInput) as caught:
        MinisignSignature.from_file_bytes("\n".join(text).encode())
    assert caught.value.reason == "malformed_signature"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "untrusted comment: x\n",
        "untrusted comment: x\nAAAA\n",
        MINISIGN_PUB.replace("RWS", "RXS"),
        "comment\n" + MINISIGN_PUB.splitlines()[1] + "\n",
    ],
)
def test_bad_public_key_files(text: str) -> None:
    with pytest.raises(RejectedInput) as caught:
        SigningPublicKey.from_file_text(text)
    assert caught.value.reason == "bad_key_file"


def test_encrypted_secret_keys_are_refused_clearly() -> None:
    key = minisign.SecretKey.from_bytes(SigningKey.generate().secret_key_text().encode())
    key.encrypt("een wachtwoord", opslimit=32768, memlimit=8 * 1024 * 1024)
    with pytest.raises(RejectedInput) as caught:
        SigningKey.from_secret_key_text(bytes(key).decode() + "\n")
    assert caught.value.reason == "bad_key_file"


def test_keys_and_signatures_are_py_minisigns() -> None:
    # Issue 14 item 11: the library reads what we write, and we read what it writes.
    key = SigningKey.generate()
    theirs = minisign.SecretKey.from_bytes(key.secret_key_text().encode())
    public = minisign.PublicKey.from_bytes(key.public_key.file_text().encode())
    ours = sign(key, b"manifest", "c")
    public.verify(b"manifest", minisign.Signature.from_bytes(ours.file_text().encode()))
    by_library = theirs.sign(b"manifest", prehash=True, trusted_comment="c")
    key.public_key.verify(b"manifest", MinisignSignature.from_file_bytes(bytes(by_library)))


def test_a_team_name_with_accents_fits_a_minisign_comment() -> None:
    key = SigningKey.generate().public_key
    text = key.file_text("minisign public key X (Wijkteam Zoë)")
    assert text.startswith("untrusted comment: minisign public key X (Wijkteam Zoe)\n")
    assert SigningPublicKey.from_file_text(text) == key
