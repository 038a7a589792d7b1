"""Property tests (S22): whatever bytes arrive, opening a package either succeeds or raises
RejectedInput with a known reason; no other exception escapes, and "unreadable" (our catch-all
for the unforeseen) never happens."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.container import ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import AGE_MAGIC, EncryptionIdentity, decrypt, encrypt
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.exchange.package import build_package, open_package, seal

VT_SIGNING = SigningKey.generate()
TEAM = EncryptionIdentity.generate()
PACKAGE = build_package(
    "overdracht",
    example_overdracht(),
    VT_SIGNING,
    TEAM.recipient,
    5,
    lambda: datetime(2025, 3, 3, tzinfo=UTC),
).data
PARTS = unpack(decrypt(PACKAGE, [TEAM]))
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def open_or_reject(data: bytes) -> None:
    try:
        open_package(data, TEAM, [VT_SIGNING.public_key], TEAM.recipient, {}, 200_000)
    except RejectedInput as error:
        assert error.reason in reasons.ALL_REASONS
        assert error.reason != reasons.UNREADABLE


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if operation == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "cut":
            del data[at:]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=600) | st.binary(max_size=600).map(lambda b: AGE_MAGIC + b))
def test_random_bytes(data: bytes) -> None:
    open_or_reject(data)


@FUZZ
@given(mutated(PACKAGE))
def test_mutated_ciphertext(data: bytes) -> None:
    open_or_reject(data)


@FUZZ
@given(mutated(pack(PARTS)))
def test_mutated_container_reencrypted(plaintext: bytes) -> None:
    open_or_reject(encrypt(plaintext, [TEAM.recipient]))


@FUZZ
@given(mutated(PARTS.manifest), mutated(PARTS.payload), st.booleans())
def test_mutated_json_signed_by_trusted_key(manifest: bytes, payload: bytes, fix: bool) -> None:
    if fix:  # re-pin the payload so the strict parser and schema are reached as well
        manifest = manifest.replace(
            hashlib.sha256(PARTS.payload).hexdigest().encode(),
            hashlib.sha256(payload).hexdigest().encode(),
        )
    open_or_reject(seal(manifest, payload, VT_SIGNING, [TEAM.recipient], "c"))


json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=10),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=12,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(example_overdracht())), json_like, max_size=6))
def test_signed_payloads_of_the_wrong_shape(payload: dict[str, object]) -> None:
    raw = canonical_dumps(payload)
    manifest = PARTS.manifest.replace(
        hashlib.sha256(PARTS.payload).hexdigest().encode(), hashlib.sha256(raw).hexdigest().encode()
    )
    open_or_reject(seal(manifest, raw, VT_SIGNING, [TEAM.recipient], "c"))


def test_unchanged_parts_still_open() -> None:
    sealed = seal(PARTS.manifest, PARTS.payload, VT_SIGNING, [TEAM.recipient], "c")
    opened = open_package(sealed, TEAM, [VT_SIGNING.public_key], TEAM.recipient, {})
    assert opened.payload == example_overdracht()
    assert ContainerParts(PARTS.manifest, PARTS.signature, PARTS.payload) == PARTS
