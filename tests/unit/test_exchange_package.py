"""Building and opening packages: round trips, the tamper matrix (S21, R10) and malformed input
(S22, R9). Every refusal is a RejectedInput with its own reason."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import pytest

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.container import ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import EncryptionIdentity, decrypt, encrypt
from wijkteam_desk.exchange.examples import (
    example_melding,
    example_overdracht,
    example_terugkoppeling,
)
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.exchange.package import (
    Manifest,
    OpenedPackage,
    build_package,
    open_package,
    seal,
)
from wijkteam_desk.exchange.vt import make_receipt


def clock() -> datetime:
    return datetime(2025, 3, 3, 9, 30, tzinfo=UTC)


@dataclass
class Party:
    signing: SigningKey
    encryption: EncryptionIdentity

    @classmethod
    def new(cls) -> Party:
        return cls(SigningKey.generate(), EncryptionIdentity.generate())


@pytest.fixture(scope="module")
def vt() -> Party:
    return Party.new()


@pytest.fixture(scope="module")
def team() -> Party:
    return Party.new()


def open_as(receiver: Party, data: bytes, sender: Party, **kwargs: Any) -> OpenedPackage:
    options: dict[str, Any] = {"last_sequence_by_signer": {}}
    options.update(kwargs)
    return open_package(
        data,
        receiver.encryption,
        [sender.signing.public_key],
        receiver.encryption.recipient,
        options.pop("last_sequence_by_signer"),
        **options,
    )


def reason(call: Callable[[], object]) -> str:
    with pytest.raises(RejectedInput) as caught:
        call()
    return caught.value.reason


def overdracht(vt: Party, team: Party, sequence: int = 5) -> bytes:
    return build_package(
        "overdracht", example_overdracht(), vt.signing, team.encryption.recipient, sequence, clock
    ).data


def manifest_for(sender: Party, receiver: Party, payload: bytes, **changes: Any) -> bytes:
    fields: dict[str, Any] = {
        "format_version": 1,
        "package_id": str(uuid.uuid4()),
        "kind": "overdracht",
        "sender_key_id": sender.signing.public_key.key_id_hex,
        "recipient_key_id": receiver.encryption.recipient,
        "created_at": "2025-03-03T09:30:00Z",
        "sequence": 5,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    fields.update(changes)
    return canonical_dumps({k: v for k, v in fields.items() if v is not None})


def crafted(sender: Party, receiver: Party, manifest: bytes, payload: bytes) -> bytes:
    """A package signed by a trusted key around arbitrary (hostile) bytes."""
    return seal(manifest, payload, sender.signing, [receiver.encryption.recipient], "c")


def rewrap(
    receiver: Party, data: bytes, change: Callable[[ContainerParts], ContainerParts]
) -> bytes:
    """What an attacker who intercepts a package can do: anyone can encrypt to the receiver."""
    parts = unpack(decrypt(data, [receiver.encryption]))
    return encrypt(pack(change(parts)), [receiver.encryption.recipient])


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


# Round trips ------------------------------------------------------------------------------


def test_overdracht_round_trip(vt: Party, team: Party) -> None:
    built = build_package(
        "overdracht", example_overdracht(), vt.signing, team.encryption.recipient, 7, clock
    )
    opened = open_as(team, built.data, vt, last_sequence_by_signer={"OTHER": 99})
    assert opened.payload == example_overdracht()
    assert opened.manifest == built.manifest
    assert opened.manifest.created_at == "2025-03-03T09:30:00Z"
    assert opened.manifest.sequence == 7 and not opened.duplicate
    assert opened.signer == vt.signing.public_key
    assert "package:" + built.manifest.package_id in opened.trusted_comment


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("terugkoppeling", example_terugkoppeling()), ("melding", example_melding())],
)
def test_team_to_vt_round_trip(vt: Party, team: Party, kind: str, payload: dict[str, Any]) -> None:
    built = build_package(kind, payload, team.signing, vt.encryption.recipient, 1, clock)
    assert open_as(vt, built.data, team).payload == payload


def test_receipt_acknowledges_package_id_and_payload_hash(vt: Party, team: Party) -> None:
    opened = open_as(team, overdracht(vt, team), vt)
    receipt = make_receipt(opened, team.signing, vt.encryption.recipient, 3, clock)
    back = open_as(vt, receipt.data, team).payload
    assert back["acknowledged_package_id"] == opened.manifest.package_id
    assert back["acknowledged_payload_sha256"] == opened.manifest.payload_sha256
    assert back["acknowledged_sequence"] == 5 and back["acknowledged_kind"] == "overdracht"


def test_archive_key_can_also_decrypt_but_is_not_the_named_recipient(
    vt: Party, team: Party
) -> None:
    archive = Party.new()
    built = build_package(
        "terugkoppeling",
        example_terugkoppeling(),
        team.signing,
        vt.encryption.recipient,
        1,
        clock,
        extra_recipients=[archive.encryption.recipient],
    )
    assert open_as(vt, built.data, team).manifest.recipient_key_id == vt.encryption.recipient
    assert reason(lambda: open_as(archive, built.data, team)) == reasons.WRONG_RECIPIENT


def test_same_package_again_is_a_duplicate_not_a_replay(vt: Party, team: Party) -> None:
    data = overdracht(vt, team)
    first = open_as(team, data, vt)
    seen = {first.manifest.sender_key_id: 5}
    known = {first.manifest.package_id: first.manifest.payload_sha256}
    again = open_as(team, data, vt, last_sequence_by_signer=seen, known_packages=known)
    assert again.duplicate and again.payload == first.payload


# Building refuses bad payloads (data minimisation, P1) -----------------------------------


def test_build_refuses_payload_outside_schema(vt: Party, team: Party) -> None:
    payload = example_terugkoppeling()
    payload["address"] = {
        "street": "Schuilplaats",
        "house_number": "1",
        "postcode": "9998 YY",
        "city": "Voorbeeldstad",
    }
    with pytest.raises(ValidationError) as caught:
        build_package("terugkoppeling", payload, team.signing, vt.encryption.recipient, 1, clock)
    assert caught.value.code == "payload_schema_invalid"
    assert caught.value.facts["problems"] == ["$: additionalProperties"]
    assert "Schuilplaats" not in str(caught.value.facts)


@pytest.mark.parametrize(
    ("kind", "payload", "code"),
    [
        ("overdracht", {"x": 1.5}, "payload_not_encodable"),
        ("nieuws", {}, "unknown_kind"),
    ],
)
def test_build_refuses(vt: Party, team: Party, kind: str, payload: Any, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build_package(kind, payload, vt.signing, team.encryption.recipient, 1, clock)
    assert caught.value.code == code


def test_build_refuses_bad_recipient_and_naive_clock(vt: Party) -> None:
    with pytest.raises(ValidationError):
        build_package("overdracht", example_overdracht(), vt.signing, "age1nope", 1, clock)
    with pytest.raises(ValueError):
        build_package(
            "overdracht",
            example_overdracht(),
            vt.signing,
            vt.encryption.recipient,
            1,
            lambda: datetime(2025, 1, 1),
        )


# The tamper matrix (R10) ------------------------------------------------------------------


def test_flipped_payload_byte_is_payload_hash_mismatch(vt: Party, team: Party) -> None:
    data = rewrap(team, overdracht(vt, team), lambda p: replace(p, payload=flip(p.payload, 40)))
    assert reason(lambda: open_as(team, data, vt)) == reasons.PAYLOAD_HASH_MISMATCH


def test_flipped_manifest_byte_is_bad_signature(vt: Party, team: Party) -> None:
    data = rewrap(team, overdracht(vt, team), lambda p: replace(p, manifest=flip(p.manifest, 20)))
    assert reason(lambda: open_as(team, data, vt)) == reasons.BAD_SIGNATURE


@pytest.mark.parametrize("line", [1, 3])  # the signature and the global (comment) signature
def test_flipped_signature_byte_is_bad_signature(vt: Party, team: Party, line: int) -> None:
    def corrupt(parts: ContainerParts) -> ContainerParts:
        lines = parts.signature.decode().split("\n")
        raw = base64.b64decode(lines[line])
        lines[line] = base64.b64encode(flip(raw, len(raw) - 5)).decode()
        return replace(parts, signature="\n".join(lines).encode())

    data = rewrap(team, overdracht(vt, team), corrupt)
    assert reason(lambda: open_as(team, data, vt)) == reasons.BAD_SIGNATURE


def test_resigned_with_unknown_key_is_unknown_signer(vt: Party, team: Party) -> None:
    mallory = Party.new()
    data = build_package(
        "overdracht", example_overdracht(), mallory.signing, team.encryption.recipient, 9, clock
    ).data
    assert reason(lambda: open_as(team, data, vt)) == reasons.UNKNOWN_SIGNER


def test_forwarded_to_another_recipient_is_wrong_recipient(vt: Party, team: Party) -> None:
    other_team = Party.new()
    data = overdracht(vt, other_team)
    forwarded = encrypt(
        pack(unpack(decrypt(data, [other_team.encryption]))), [team.encryption.recipient]
    )
    assert reason(lambda: open_as(team, forwarded, vt)) == reasons.WRONG_RECIPIENT


def test_encrypted_to_someone_else_is_decrypt_failed(vt: Party, team: Party) -> None:
    data = overdracht(vt, Party.new())
    assert reason(lambda: open_as(team, data, vt)) == reasons.DECRYPT_FAILED


@pytest.mark.parametrize(("sequence", "last"), [(4, 5), (5, 5)])
def test_older_or_equal_sequence_is_replayed(
    vt: Party, team: Party, sequence: int, last: int
) -> None:
    data = overdracht(vt, team, sequence=sequence)
    seen = {vt.signing.public_key.key_id_hex: last}
    assert reason(lambda: open_as(team, data, vt, last_sequence_by_signer=seen)) == "replayed"


def test_reused_package_id_with_other_content_is_replayed(vt: Party, team: Party) -> None:
    opened = open_as(team, overdracht(vt, team), vt)
    known = {opened.manifest.package_id: "0" * 64}
    data = build_package(
        "overdracht",
        example_overdracht(),
        vt.signing,
        team.encryption.recipient,
        6,
        clock,
        package_id=uuid.UUID(opened.manifest.package_id),
    ).data
    assert reason(lambda: open_as(team, data, vt, known_packages=known)) == reasons.REPLAYED


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.1])
def test_truncated_file_is_truncated(vt: Party, team: Party, keep: float) -> None:
    data = overdracht(vt, team)
    assert reason(lambda: open_as(team, data[: int(len(data) * keep)], vt)) == reasons.TRUNCATED


def test_flipped_ciphertext_byte_is_corrupted(vt: Party, team: Party) -> None:
    data = overdracht(vt, team)
    assert reason(lambda: open_as(team, flip(data, len(data) - 100), vt)) == reasons.CORRUPTED


@pytest.mark.parametrize("garbage", [b"x", b"garbage" * 3, bytes(600), b"y" * 70_000])
def test_garbage_appended_to_a_valid_package_is_corrupted_not_truncated(
    vt: Party, team: Party, garbage: bytes
) -> None:
    data = overdracht(vt, team) + garbage
    assert reason(lambda: open_as(team, data, vt)) == reasons.CORRUPTED


@pytest.mark.parametrize("size", [65_536, 131_072, 204_800])
def test_cut_or_extended_at_chunk_boundaries(size: int) -> None:
    # age's chunks are 64 KiB: a plaintext filling whole chunks is the edge case.
    identity = EncryptionIdentity.generate()
    data = encrypt(b"a" * size, [identity.recipient])
    for changed, expected in ((data[:-5], reasons.TRUNCATED), (data + b"x", reasons.CORRUPTED)):
        with pytest.raises(RejectedInput) as caught:
            decrypt(changed, [identity])
        assert caught.value.reason == expected


def test_file_over_the_size_cap_is_refused_before_anything_else(vt: Party, team: Party) -> None:
    data = overdracht(vt, team)
    assert reason(lambda: open_as(team, data, vt, max_bytes=len(data) - 1)) == reasons.TOO_LARGE
    assert reason(lambda: open_as(team, b"x" * 2000, vt, max_bytes=1000)) == reasons.TOO_LARGE


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04zip", b"-----BEGIN AGE ENCRYPTED FILE-----\n"])
def test_not_an_age_file(vt: Party, team: Party, data: bytes) -> None:
    assert reason(lambda: open_as(team, data, vt)) == reasons.NOT_AGE


# Hostile content signed by a trusted key (verify before parse, then parse strictly) -------


GOOD = canonical_dumps(example_overdracht())


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"vt_case_number":"A","vt_case_number":"B"}', reasons.DUPLICATE_KEY),
        (b'{"a":NaN}', reasons.NAN),
        (b"[" * 1000 + b"]" * 1000, reasons.TOO_DEEP),
        (b'{"a":1.5}', reasons.NUMBER_NOT_ALLOWED),
        (b'{"a":"\xff"}', reasons.INVALID_UTF8),
        (b'{"a":', reasons.MALFORMED_JSON),
        (b'{ "a":1}', reasons.SCHEMA_INVALID),  # another spelling is fine; the content is not
        (b'{"a":"\\udc00"}', reasons.INVALID_UTF8),
        (b"[]", reasons.SCHEMA_INVALID),
        (b'{"vt_case_number":"VT-1"}', reasons.SCHEMA_INVALID),
        (GOOD.replace(b'"secret_address":true', b'"secret_address":"ja"', 1), "schema_invalid"),
    ],
)
def test_hostile_payload(vt: Party, team: Party, payload: bytes, expected: str) -> None:
    data = crafted(vt, team, manifest_for(vt, team, payload), payload)
    assert reason(lambda: open_as(team, data, vt)) == expected


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (b'{"format_version":1,"format_version":1}', reasons.DUPLICATE_KEY),
        (b'{"format_version":NaN}', reasons.NAN),
        (b'{"a":' * 1000 + b"1" + b"}" * 1000, reasons.TOO_DEEP),
        (b'{"format_version":2,"kind":"overdracht"}', reasons.UNKNOWN_VERSION),
        (b'{"format_version":true,"kind":"overdracht"}', reasons.UNKNOWN_VERSION),
        (b'{"format_version":1,"kind":"roddel"}', reasons.UNKNOWN_KIND),
        (b'{"format_version":1,"kind":"overdracht"}', reasons.SCHEMA_INVALID),
        (b'["format_version"]', reasons.SCHEMA_INVALID),
    ],
)
def test_hostile_manifest(vt: Party, team: Party, manifest: bytes, expected: str) -> None:
    data = crafted(vt, team, manifest, GOOD)
    assert reason(lambda: open_as(team, data, vt)) == expected


def test_manifest_with_extra_field_is_schema_invalid(vt: Party, team: Party) -> None:
    manifest = manifest_for(vt, team, GOOD, comment="hallo")
    assert reason(lambda: open_as(team, crafted(vt, team, manifest, GOOD), vt)) == "schema_invalid"


def test_manifest_naming_another_sender_is_sender_mismatch(vt: Party, team: Party) -> None:
    manifest = manifest_for(vt, team, GOOD, sender_key_id="0123456789ABCDEF")
    assert reason(lambda: open_as(team, crafted(vt, team, manifest, GOOD), vt)) == "sender_mismatch"


def test_kind_not_accepted_here_is_unexpected_kind(vt: Party, team: Party) -> None:
    data = overdracht(vt, team)
    refused = reason(lambda: open_as(team, data, vt, accepted_kinds=("terugkoppeling",)))
    assert refused == reasons.UNEXPECTED_KIND


def test_wrong_recipient_in_signed_manifest(vt: Party, team: Party) -> None:
    manifest = manifest_for(vt, team, GOOD, recipient_key_id=Party.new().encryption.recipient)
    assert reason(lambda: open_as(team, crafted(vt, team, manifest, GOOD), vt)) == "wrong_recipient"


@pytest.mark.parametrize(
    "change",
    [
        lambda p: pack(p)[:700],
        lambda p: b"\x00" * 1024,
        lambda p: b"not a tar archive at all",
        lambda p: pack(replace(p, payload=p.payload)).replace(b"payload.json", b"payload.jsox"),
    ],
)
def test_malformed_container(
    vt: Party, team: Party, change: Callable[[ContainerParts], bytes]
) -> None:
    parts = unpack(decrypt(overdracht(vt, team), [team.encryption]))
    data = encrypt(change(parts), [team.encryption.recipient])
    assert reason(lambda: open_as(team, data, vt)) == reasons.MALFORMED_CONTAINER


def test_unreadable_signature_file_is_malformed_signature(vt: Party, team: Party) -> None:
    data = rewrap(team, overdracht(vt, team), lambda p: replace(p, signature=b"kapot"))
    assert reason(lambda: open_as(team, data, vt)) == reasons.MALFORMED_SIGNATURE


def test_every_reason_code_is_distinct() -> None:
    assert len(set(reasons.ALL_REASONS)) == len(reasons.ALL_REASONS)


def test_manifest_dataclass_serialises_canonically(vt: Party, team: Party) -> None:
    built = build_package(
        "overdracht", example_overdracht(), vt.signing, team.encryption.recipient, 1, clock
    )
    parts = unpack(decrypt(built.data, [team.encryption]))
    assert parts.manifest == built.manifest.to_bytes()
    assert isinstance(built.manifest, Manifest) and built.manifest.created == clock()


def test_key_id_with_a_leading_zero_as_minisign_prints_it(team: Party) -> None:
    # Issue 14 item 2: 1 key in 16 has a key id whose hex starts with 0; minisign prints 15
    # digits. The id is defined from the key bytes (16 digits), and the short form is accepted.
    seed = SigningKey.generate().seed
    vt = Party(SigningKey(bytes(range(1, 8)) + b"\x05", seed), EncryptionIdentity.generate())
    assert vt.signing.public_key.key_id_hex == "0507060504030201"
    payload = canonical_dumps(example_overdracht())
    for printed in ("507060504030201", "0507060504030201"):
        manifest = manifest_for(vt, team, payload, sender_key_id=printed)
        opened = open_as(team, crafted(vt, team, manifest, payload), vt)
        assert opened.manifest.sender_key_id == "0507060504030201"
    other = manifest_for(vt, team, payload, sender_key_id="507060504030202")
    assert reason(lambda: open_as(team, crafted(vt, team, other, payload), vt)) == (
        reasons.SENDER_MISMATCH)


def test_a_manifest_and_payload_in_another_json_spelling_open(vt: Party, team: Party) -> None:
    # Issue 14 item 3: the signature covers the bytes; any strict JSON spelling is accepted.
    value = example_overdracht()
    value["summary"] = "Zoë\u2028é\x7f 😀"
    payload = json.dumps(value, indent=1, ensure_ascii=True).encode()
    manifest = json.dumps(json.loads(manifest_for(vt, team, payload)), indent=2).encode()
    opened = open_as(team, crafted(vt, team, manifest, payload), vt)
    assert opened.payload == value
