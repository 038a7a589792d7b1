"""A laptop restored from a backup (part of ``team sync``; issue 17, item 5).

A vault put back from an older backup believes it wrote less than it did: its own subfolder in
the team folder holds files — and households at versions — that the vault does not know. Two
things must then happen before it writes anything: its next sequence number comes from the
folder (``compaction.learn_sequence``: never one a colleague has seen), and the newer versions
of its own households are taken back from its own files, so that its next change gets a version
above the one colleagues already have (else they would keep the older one) and nothing written
after the backup is lost. Our own files are checked like a colleague's: our key signed them."""

from __future__ import annotations

from dataclasses import replace

from ..domain.errors import RejectedInput
from ..domain.team import HouseholdTeamState
from ..storage.uow import SqlUnitOfWork
from ..team.chain import RosterChain
from ..team.envelope import (
    open_age,
    read_payload,
    read_signature,
    unpack,
    verify_manifest,
)
from ..team.layout import Entry
from ..team.payloads import HouseholdDocument, read_bundle
from ..team.writer import FolderWriter, LocalMember
from . import team_state as ts


def restored(writer: FolderWriter, acks_for_me: int, stored_next: int) -> bool:
    """Our subfolder (or a colleague's acknowledgement) is ahead of the vault."""
    own = [e.sequence for e in writer.own_files()]
    return max([*own, acks_for_me], default=0) >= stored_next


def newest_own_documents(writer: FolderWriter, local: LocalMember,
                         max_bytes: int) -> dict[int, tuple[HouseholdDocument, int]]:
    """Per household, the newest document in our own bundles, with the file's sequence. A
    file that does not verify as ours is left out."""
    newest: dict[int, tuple[HouseholdDocument, int]] = {}
    for entry in writer.own_files():
        if entry.name_kind != "bundle":
            continue
        try:
            documents = _read_own_bundle(entry, local, max_bytes)
        except RejectedInput:
            continue
        except Exception:  # our subfolder is as untrusted as any other: skip, never crash
            continue
        for document in documents:
            known = newest.get(document.household)
            if known is None or document.version > known[0].version:
                newest[document.household] = (document, entry.sequence)
    return newest


def _read_own_bundle(entry: Entry, local: LocalMember,
                     max_bytes: int) -> tuple[HouseholdDocument, ...]:
    if entry.size == 0 or entry.size > max_bytes:
        return ()
    raw = entry.path.read_bytes()
    parts = unpack(open_age(raw, [local.encryption]), max_bytes)
    signature = read_signature(parts)
    if signature.key_id != local.signing.public_key.key_id:
        return ()
    manifest = verify_manifest(parts, signature, local.signing.public_key)
    if manifest.author != local.member_id or manifest.kind != "bundle" or (
        manifest.sequence != entry.sequence
    ):
        return ()
    return read_bundle(read_payload(parts, manifest))


def take_back(uow: SqlUnitOfWork, chain: RosterChain, me: str,
              newest: dict[int, tuple[HouseholdDocument, int]]) -> list[int]:
    """Apply our own newer versions from the folder (in the caller's unit of work, a
    savepoint each); returns the households taken back."""
    taken = []
    for household, (document, sequence) in sorted(newest.items()):
        state = uow.team.state(household)
        creator = ts.creator_of(chain, household)
        if creator is None or (state is not None and document.version <= state.version):
            continue
        try:
            with uow.savepoint():
                _take_back_one(uow, me, household, creator, document, sequence, state)
        except Exception:  # noqa: BLE001 - one household that will not apply stays as it was
            continue
        taken.append(household)
    if taken:
        uow.audit("team.restore", "team", chain.team_id, detail={"households": taken})
    return taken


def _take_back_one(uow: SqlUnitOfWork, me: str, household: int, creator: str,
                   document: HouseholdDocument, sequence: int,
                   state: HouseholdTeamState | None) -> None:
    before = state or HouseholdTeamState(household, creator, 0, creator)
    pen = ts.merged_pen(creator, household, ts.parse_pen(before.pen), document.pen)
    digests = "{}"
    if document.withdrawn:
        if uow.team.household_exists(household):
            uow.team.remove_household(household)
    else:
        body = dict(document.body or {})
        # Our own lines written after the backup are only in the document now: keep them all.
        lines = ts.received_lines(body, "")
        _, digests = uow.team.apply_household(body, before.digests)
        uow.team.replace_received_audit(household, lines)
        uow.team.forget_caseload(household)
    holder = ts.holder(creator, pen)
    handed = holder != me and any(t.from_member == me and t.version == document.version
                                  for t in pen)
    uow.team.save_state(replace(
        before, version=document.version, dossierhouder=holder, pen=ts.dump_pen(pen),
        afgeschermd=document.afgeschermd, withdrawn=document.withdrawn,
        published_version=document.version, published_sequence=sequence,
        handover_to=holder if handed else "", handover_version=document.version if handed else 0,
        received_from="", digests=digests))
    uow.team_managed(household)

