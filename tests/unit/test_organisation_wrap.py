"""The organisation's wrap of the database key: the right identity gets the key back, a wrong
identity is told apart from a changed, damaged or foreign wrap, and the key files IT hands out
are read strictly (issue 17, item 6)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519
from tests.conftest import CHEAP_KDF

from wijkteam_desk.domain.errors import (
    OrganisationWrapDamaged,
    RejectedInput,
    VaultDamaged,
    WrongOrganisationKey,
)
from wijkteam_desk.exchange.encryption import recipient_fingerprint
from wijkteam_desk.services.organisation_key import (
    fingerprint,
    parse_recipient,
    read_identity_file,
    read_public_key_file,
)
from wijkteam_desk.storage.keyfile import KeyFile, new_recovery_code
from wijkteam_desk.storage.organisation_key import authentic, seal, unseal

VAULT = "vault-1"


def org() -> tuple[str, str]:
    """An organisation key pair as ``age-keygen`` makes it: (identity, recipient)."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def opens_only(dek: bytes):  # type: ignore[no-untyped-def]
    """Stands in for "this key opens the vault's database"."""
    return lambda candidate: bytes(candidate) == dek


def test_the_organisation_identity_gets_the_database_key_back() -> None:
    identity, recipient = org()
    dek = bytes(range(32))
    wrap = seal(dek, recipient, VAULT)
    assert wrap.recipient == recipient
    assert authentic(wrap, dek, VAULT)
    assert unseal(wrap, identity, VAULT, opens_only(dek)) == bytearray(dek)


def test_the_sealed_key_is_a_plain_age_file_holding_the_key_in_hex() -> None:
    """What IT gets with ``age -d -i org.key``: the 64 hex characters of the database key."""
    identity, recipient = org()
    dek = bytes(range(100, 132))
    wrap = seal(dek, recipient, VAULT)
    assert wrap.sealed.startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    plain = pyrage.decrypt(wrap.sealed.encode(), [x25519.Identity.from_str(identity)])
    assert plain == dek.hex().encode()


def test_a_wrong_identity_is_a_wrong_key_not_damage() -> None:
    _identity, recipient = org()
    other, _ = org()
    wrap = seal(bytes(32), recipient, VAULT)
    with pytest.raises(WrongOrganisationKey) as info:
        unseal(wrap, other, VAULT, opens_only(bytes(32)))
    assert info.value.exit_status == 3


def test_a_changed_recipient_is_damage_even_with_the_right_identity() -> None:
    """Someone swaps the recipient in vault.key (so ``show`` would name their key): the age file
    still opens with the real identity, but the MAC over the recipient fails."""
    identity, recipient = org()
    _, intruder = org()
    dek = bytes(range(32))
    wrap = replace(seal(dek, recipient, VAULT), recipient=intruder)
    assert not authentic(wrap, dek, VAULT)
    with pytest.raises(OrganisationWrapDamaged) as info:
        unseal(wrap, identity, VAULT, opens_only(dek))
    assert info.value.facts["reason"] == "organisation_wrap_damaged"
    assert info.value.exit_status == 5


def test_a_damaged_age_file_is_damage_not_a_wrong_key() -> None:
    identity, recipient = org()
    wrap = seal(bytes(32), recipient, VAULT)
    lines = wrap.sealed.splitlines()
    body = lines[3]
    lines[3] = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    damaged = replace(wrap, sealed="\n".join(lines) + "\n")
    with pytest.raises(OrganisationWrapDamaged) as info:
        unseal(damaged, identity, VAULT, opens_only(bytes(32)))
    assert info.value.facts["reason"] == "organisation_wrap_damaged"


def test_a_wrap_copied_from_another_vault_is_told_as_foreign() -> None:
    identity, recipient = org()
    ours, theirs = bytes(range(32)), bytes(range(1, 33))
    copied = seal(theirs, recipient, "vault-2")
    with pytest.raises(OrganisationWrapDamaged) as info:
        unseal(copied, identity, VAULT, opens_only(ours))
    assert info.value.facts["reason"] == "organisation_wrap_foreign"


def test_a_wrap_forged_without_the_key_does_not_check_out() -> None:
    """Anyone can seal to the public key; without the database key they cannot make the MAC."""
    identity, recipient = org()
    dek = bytes(range(32))
    real = seal(dek, recipient, VAULT)
    forged_age = pyrage.encrypt(bytes(32).hex().encode(), [x25519.Recipient.from_str(recipient)],
                                armored=True).decode()
    forged = replace(real, sealed=forged_age)
    assert not authentic(forged, dek, VAULT)
    with pytest.raises(OrganisationWrapDamaged):
        unseal(forged, identity, VAULT, opens_only(dek))


def test_an_intact_wrap_whose_key_does_not_open_the_database_blames_the_database() -> None:
    identity, recipient = org()
    wrap = seal(bytes(32), recipient, VAULT)
    with pytest.raises(VaultDamaged) as info:
        unseal(wrap, identity, VAULT, lambda _dek: False)
    assert not isinstance(info.value, OrganisationWrapDamaged)
    assert info.value.facts["reason"] == "unreadable"


def test_a_recipient_that_is_not_an_age_key_is_refused_when_sealing() -> None:
    with pytest.raises(RejectedInput):
        seal(bytes(32), "age1nietechtniet", VAULT)


# -- in vault.key --------------------------------------------------------------------------------
def test_key_file_keeps_the_wrap_through_json_and_a_passphrase_change() -> None:
    identity, recipient = org()
    keyfile, dek = KeyFile.create("correct paard batterij", new_recovery_code(), CHEAP_KDF, None,
                                  VAULT)
    assert "organisation" not in json.loads(keyfile.to_json())  # as before the field existed
    with_org = replace(keyfile, organisation=seal(bytes(dek), recipient, VAULT))
    again = KeyFile.from_json(with_org.to_json())
    assert again.organisation == with_org.organisation
    rewrapped = again.rewrap(dek, "een ander lang wachtwoord", None, None)
    assert rewrapped.organisation == with_org.organisation
    assert unseal(rewrapped.organisation, identity, VAULT, opens_only(bytes(dek))) == dek


@pytest.mark.parametrize("damage", [
    "not an object", {"recipient": "age1x", "sealed": "-----BEGIN AGE ENCRYPTED FILE-----"},
    {"recipient": "ssh-ed25519 AAAA", "sealed": "-----BEGIN AGE ENCRYPTED FILE-----", "mac": ""},
    {"recipient": "age1x", "sealed": "plain text", "mac": ""},
    {"recipient": "age1x", "sealed": "-----BEGIN AGE ENCRYPTED FILE-----", "mac": 5},
])
def test_a_malformed_wrap_in_the_key_file_is_damage(damage: object) -> None:
    keyfile, _dek = KeyFile.create("correct paard batterij", new_recovery_code(), CHEAP_KDF,
                                   None, VAULT)
    data = json.loads(keyfile.to_json())
    data["organisation"] = damage
    with pytest.raises(OrganisationWrapDamaged) as info:
        KeyFile.from_json(json.dumps(data))
    assert info.value.exit_status == 5


# -- the files IT hands out ----------------------------------------------------------------------
def keygen_text(identity: str, recipient: str) -> str:
    return (f"# created: 2026-11-22T10:00:00+01:00\n# public key: {recipient}\n{identity}\n")


def test_org_pub_and_org_key_as_age_keygen_writes_them(tmp_path: Path) -> None:
    identity, recipient = org()
    (tmp_path / "org.key").write_text(keygen_text(identity, recipient))
    (tmp_path / "org.pub").write_text(recipient + "\n")
    assert read_public_key_file(tmp_path / "org.pub") == recipient
    assert read_identity_file(tmp_path / "org.key") == identity


@pytest.mark.parametrize(("content", "reason"), [
    ("", "not_organisation_key"),
    ("# alleen commentaar\n", "not_organisation_key"),
    ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI beheer@gemeente\n", "not_organisation_key"),
    ("age1nietechtniet\n", "not_organisation_key"),
    ("SECRET", "secret_key_given"),
    ("TWO", "several_keys"),
    (b"\xff\xfe\x00age1", "not_organisation_key"),
    ("age1" + "q" * 5000, "not_organisation_key"),
])
def test_anything_but_one_recipient_is_refused_as_org_pub(tmp_path: Path, content: object,
                                                          reason: str) -> None:
    identity, recipient = org()
    path = tmp_path / "org.pub"
    if content == "SECRET":
        content = keygen_text(identity, recipient)
    elif content == "TWO":
        content = f"{recipient}\n{org()[1]}\n"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(str(content))
    with pytest.raises(RejectedInput) as info:
        read_public_key_file(path)
    assert info.value.reason == reason
    assert info.value.exit_status == 4
    assert info.value.facts["file"] == str(path)


def test_a_missing_org_pub_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RejectedInput) as info:
        read_public_key_file(tmp_path / "weg.pub")
    assert info.value.reason == "key_file_unreadable"


def test_a_secret_key_string_is_refused_where_the_team_passes_a_recipient() -> None:
    identity, _ = org()
    with pytest.raises(RejectedInput) as info:
        parse_recipient(identity)
    assert info.value.reason == "secret_key_given"


@pytest.mark.parametrize(("content", "reason"), [
    ("PUB", "public_key_given"),
    ("geen sleutel\n", "not_organisation_identity"),
    ("AGE-SECRET-KEY-1NIETECHT\n", "not_organisation_identity"),
    ("TWO", "several_keys"),
])
def test_anything_but_one_identity_is_refused_as_org_key(tmp_path: Path, content: str,
                                                         reason: str) -> None:
    path = tmp_path / "org.key"
    if content == "PUB":
        content = org()[1] + "\n"
    elif content == "TWO":
        content = f"{org()[0]}\n{org()[0]}\n"
    path.write_text(content)
    with pytest.raises(RejectedInput) as info:
        read_identity_file(path)
    assert info.value.reason == reason


def test_the_fingerprint_is_what_it_computes_with_sha256sum() -> None:
    """docs/security.md: ``printf %s "$(grep ^age1 org.pub)" | sha256sum`` — the first 32 hex
    digits in capitals, in groups of four; the same words ``keys list`` uses for an age key."""
    _, recipient = org()
    digest = hashlib.sha256(recipient.encode()).hexdigest()[:32].upper()
    assert fingerprint(recipient) == " ".join(digest[i:i + 4] for i in range(0, 32, 4))
    assert fingerprint(recipient) == recipient_fingerprint(recipient)
