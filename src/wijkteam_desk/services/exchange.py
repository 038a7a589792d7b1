"""Use cases of the exchange with Veilig Thuis: the team's keys, trusted VT keys, importing a
package (inbox), preparing and writing packages for VT (outbox), the exchange log and the review
of import conflicts. Every change is audited; refused input writes nothing but its log line.

Import order (S22): size cap → decrypt → verify → strict parse → schema (all in
``exchange.open_package``) → one transaction. A refusal raises ``RejectedInput`` (reason codes in
``exchange.reasons``) after the case data has been rolled back; the audit line and the
"geweigerd" line in the exchange log are then written in a transaction of their own."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.errors import RejectedInput, ValidationError
from ..domain.exchange import (
    ConflictStatus,
    Direction,
    ExchangeKey,
    ImportConflict,
    OutboxItem,
    PackageEntry,
    PackageStatus,
)
from ..exchange import (
    DEFAULT_MAX_BYTES,
    EncryptionIdentity,
    OpenedPackage,
    PublicKeys,
    SigningKey,
    SigningPublicKey,
    build_package,
    load_public_folder,
    open_package,
    read_limited,
    recipient_fingerprint,
    write_public_folder,
)
from ..exchange import reasons as reason_codes
from ..files import write_private
from ..storage.uow import SqlUnitOfWork
from . import exchange_answers as answers
from .exchange_import import OverdrachtResult, apply_overdracht, apply_resolution, vt_address
from .exchange_outbox import prepare_drafts, target_paths
from .exchange_summary import summary_lines

TEAM_ACCEPTS = ("overdracht", "ontvangstbevestiging", "sleutelwissel")


@dataclass(frozen=True)
class KeyInfo:
    """A key as the screens and the command line show it: fingerprints to compare by phone."""

    id: int
    own: bool
    name: str
    signing_key_id: str
    signing_fingerprint: str
    encryption_recipient: str
    encryption_fingerprint: str
    added_at: datetime | None
    revoked: bool


@dataclass(frozen=True)
class ImportOutcome:
    status: PackageStatus  # INGELEZEN or DUBBEL
    kind: str
    package_id: str
    sequence: int
    household_id: int | None = None
    created: bool = False
    persons_added: int = 0
    conditions_added: int = 0
    conflicts: int = 0
    acknowledged: str = ""  # package id of ours that a receipt confirmed
    refused_by_vt: str = ""  # a receipt from VT refusing that package: its reason code
    new_key: KeyInfo | None = None  # VT's new key, after a key change
    receipt_queued: bool = False  # an ontvangstbevestiging for VT waits in the outbox


@dataclass(frozen=True)
class ExportDraft:
    """Exactly what will leave the laptop: the payload as it will be signed."""

    kind: str
    household_id: int | None
    payload: dict[str, Any] = field(default_factory=dict)
    moment_id: int | None = None  # the monitoring moment that prepared this melding

    def preview_text(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False, indent=2, sort_keys=True)

    def summary_text(self) -> str:
        """The same, in plain Dutch: every value that leaves the laptop, readable."""
        return "\n".join(summary_lines(self.kind, self.payload))


@dataclass(frozen=True)
class _Outgoing:
    kind: str
    household_id: int | None
    payload: dict[str, Any]
    key: ExchangeKey  # the VT key it is encrypted to


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    kind: str
    household_id: int | None
    package_id: str
    sequence: int


def key_info(key: ExchangeKey | PublicKeys, *, name: str = "") -> KeyInfo:
    if isinstance(key, PublicKeys):
        return KeyInfo(0, False, name, key.signing.key_id_hex, key.signing_fingerprint,
                       key.encryption, key.encryption_fingerprint, None, False)
    signing = SigningPublicKey.from_base64(key.signing_public)
    return KeyInfo(key.id, key.own, key.name, key.signing_key_id, signing.fingerprint(),
                   key.encryption_recipient, recipient_fingerprint(key.encryption_recipient),
                   key.added_at, key.revoked)


def _secret_text(signing: SigningKey, encryption: EncryptionIdentity) -> str:
    return json.dumps({"signing_key_id": signing.key_id.hex(),
                       "signing_seed": base64.b64encode(signing.seed).decode("ascii"),
                       "age_identity": encryption.secret_string})


class ExchangeService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], monitoring: Any = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        """``monitoring`` (the monitoring service, when there is one) re-plans a household's
        moments after an import changed its handover date, and supplies prepared meldingen."""
        self._uow = uow_factory
        self._monitoring = monitoring
        self.max_bytes = max_bytes

    # -- the team's own keys --------------------------------------------------------------------
    def create_own_keys(self) -> KeyInfo:
        """Made with the vault; calling it again changes nothing."""
        with self._uow() as uow:
            existing = uow.exchange.own_key()
            if existing is not None:
                return key_info(existing)
            signing, encryption = SigningKey.generate(), EncryptionIdentity.generate()
            public = signing.public_key
            kid = uow.exchange.add_key(
                own=True, name="eigen sleutel", signing_key_id=public.key_id_hex,
                signing_public=public.file_text().splitlines()[1],
                encryption_recipient=encryption.recipient, now=uow.clock.now(),
                secret=_secret_text(signing, encryption))
            uow.audit("exchange.key.create", "exchange_key", kid,
                      detail={"key_id": public.key_id_hex})
            uow.commit()
            return key_info(uow.exchange.own_key())  # type: ignore[arg-type]

    def own_key(self) -> KeyInfo:
        """The team's key; a vault from before the exchange existed gets one now."""
        return self.create_own_keys()

    @staticmethod
    def _own(uow: SqlUnitOfWork) -> ExchangeKey:
        key = uow.exchange.own_key()
        if key is None:
            raise ValidationError("no_own_key")
        return key

    @staticmethod
    def _identity(key: ExchangeKey) -> tuple[SigningKey, EncryptionIdentity]:
        secret = json.loads(key.secret)
        signing = SigningKey(bytes.fromhex(secret["signing_key_id"]),
                             base64.b64decode(secret["signing_seed"]))
        return signing, EncryptionIdentity.from_secret_string(secret["age_identity"])

    def export_public_keys(self, folder: Path, name: str = "") -> KeyInfo:
        """``keys export DIR``: the two public files to hand to Veilig Thuis."""
        self.create_own_keys()
        with self._uow() as uow:
            key = self._own(uow)
            public = PublicKeys(SigningPublicKey.from_base64(key.signing_public),
                                key.encryption_recipient)
            write_public_folder(folder, public, name)
            uow.audit("exchange.key.export", "exchange_key", key.id,
                      detail={"key_id": key.signing_key_id})
            uow.commit()
            return key_info(key)

    # -- trusted VT keys ------------------------------------------------------------------------
    @staticmethod
    def read_key_folder(folder: Path) -> KeyInfo:
        """Fingerprints of a key folder, to compare by phone before trusting it. Writes nothing;
        ``RejectedInput(bad_key_file)`` when a file is missing or not a key."""
        return key_info(load_public_folder(folder))

    def trust(self, folder: Path, name: str = "") -> KeyInfo:
        keys = load_public_folder(folder)
        name = (name or "Veilig Thuis").strip()[:200]
        with self._uow() as uow:
            own = uow.exchange.own_key()
            if own is not None and own.signing_key_id == keys.signing.key_id_hex:
                raise ValidationError("own_key")
            known = uow.exchange.key_by_signing_id(keys.signing.key_id_hex)
            if known is not None:
                same = known.signing_public == keys.signing.file_text().splitlines()[1]
                if not same:
                    raise ValidationError("key_id_in_use", key_id=known.signing_key_id)
                if known.revoked:
                    raise ValidationError("key_revoked", key_id=known.signing_key_id)
                return key_info(known)
            kid = uow.exchange.add_key(
                own=False, name=name, signing_key_id=keys.signing.key_id_hex,
                signing_public=keys.signing.file_text().splitlines()[1],
                encryption_recipient=keys.encryption, now=uow.clock.now())
            uow.audit("exchange.key.trust", "exchange_key", kid,
                      detail={"key_id": keys.signing.key_id_hex,
                              "fingerprint": keys.signing_fingerprint})
            uow.commit()
            [added] = [k for k in uow.exchange.trusted_keys() if k.id == kid]
            return key_info(added)

    def find_key(self, choice: str) -> KeyInfo:
        """The trusted VT key named ``choice`` (its name or key id, any case; minisign's
        short key id too). ``ValidationError(unknown_recipient | choose_recipient)``."""
        with self._uow() as uow:
            return key_info(self._recipient(uow, choice))

    def revoke(self, key_id: int) -> None:
        """Stop trusting a VT key: its packages are refused from now on (audited)."""
        with self._uow() as uow:
            key = uow.exchange.set_key(key_id, revoked=True)
            uow.audit("exchange.key.revoke", "exchange_key", key_id,
                      detail={"key_id": key.signing_key_id})
            uow.commit()

    def keys(self, include_revoked: bool = True) -> list[KeyInfo]:
        with self._uow() as uow:
            return [key_info(k) for k in uow.exchange.trusted_keys(include_revoked)]

    # -- import (inbox) -------------------------------------------------------------------------
    def import_file(self, path: Path) -> ImportOutcome:
        try:
            data = read_limited(path, self.max_bytes)
        except RejectedInput as error:
            self._record_rejection(error, path.name)
            raise
        except OSError:
            raise ValidationError("file_unreadable", file=str(path)) from None
        return self.import_bytes(data, path.name)

    def import_bytes(self, data: bytes, file_name: str = "") -> ImportOutcome:
        """Import one VT package (overdracht, receipt or key change) in one transaction, and
        queue the receipt VT is owed in the outbox. A refusal raises ``RejectedInput`` after
        writing only its log line, its audit line and (when it can be addressed) a receipt
        carrying the reason code."""
        result: OverdrachtResult | None = None
        new_key: ExchangeKey | None = None
        try:
            with self._uow() as uow:
                opened = self._open(uow, data)
                manifest = opened.manifest
                if opened.duplicate:
                    return self._duplicate(uow, opened, file_name)
                acknowledged: PackageEntry | None = None
                payload = opened.payload
                hid: int | None = None
                if manifest.kind == "overdracht":
                    result = apply_overdracht(uow, payload, manifest.package_id)
                    hid = result.household_id
                elif manifest.kind == answers.KEY_CHANGE:
                    new_key = answers.apply_key_change(uow, opened)
                elif "acknowledged_package_id" in payload:
                    acknowledged = uow.exchange.acknowledge(
                        payload["acknowledged_package_id"],
                        payload["acknowledged_payload_sha256"], uow.clock.now(),
                        refused_reason=str(payload.get("reason", "")))
                    if acknowledged is None:
                        raise RejectedInput(reason_codes.UNKNOWN_PACKAGE,
                                            "receipt for a package we never sent")
                    hid = acknowledged.household_id
                answers.queue_for_import(uow, opened, hid,
                                         len(result.conflicts) if result else 0,
                                         new_key.signing_key_id if new_key else "")
                row = uow.exchange.log(
                    package_id=manifest.package_id, direction=Direction.IN, kind=manifest.kind,
                    status=PackageStatus.INGELEZEN, at=uow.clock.now(),
                    peer_key_id=manifest.sender_key_id, sequence=manifest.sequence,
                    payload_sha256=manifest.payload_sha256, household_id=hid,
                    file_name=file_name)
                detail: dict[str, Any] = {"kind": manifest.kind, "sequence": manifest.sequence}
                if result is not None:
                    detail.update(created=result.created, persons_added=result.persons_added,
                                  conditions_added=result.conditions_added,
                                  conflicts=len(result.conflicts))
                uow.audit("exchange.import", "exchange_package", row, hid, detail=detail)
                uow.commit()
        except RejectedInput as error:
            self._record_rejection(error, file_name, data)
            raise
        if result is not None and result.handover_changed and self._monitoring is not None:
            self._monitoring.sync_schedule(result.household_id)
        return ImportOutcome(
            PackageStatus.INGELEZEN, manifest.kind, manifest.package_id, manifest.sequence,
            hid, created=bool(result and result.created),
            persons_added=result.persons_added if result else 0,
            conditions_added=result.conditions_added if result else 0,
            conflicts=len(result.conflicts) if result else 0,
            acknowledged=acknowledged.package_id if acknowledged else "",
            refused_by_vt=str(opened.payload.get("reason", "")) if acknowledged else "",
            new_key=key_info(new_key) if new_key else None,
            receipt_queued=manifest.kind != "ontvangstbevestiging")

    def _open(self, uow: SqlUnitOfWork, data: bytes) -> OpenedPackage:
        # The current key and the ones it replaced: VT may not have had our key change yet.
        own = uow.exchange.own_keys()
        if not own:
            raise ValidationError("no_own_key")
        signers = [SigningPublicKey.from_base64(k.signing_public)
                   for k in uow.exchange.trusted_keys()]
        return open_package(data, [self._identity(k)[1] for k in own], signers,
                            [k.encryption_recipient for k in own],
                            uow.exchange.last_sequences_in(), self.max_bytes,
                            accepted_kinds=TEAM_ACCEPTS, known_packages=uow.exchange.known_in())

    def _duplicate(self, uow: SqlUnitOfWork, opened: OpenedPackage,
                   file_name: str) -> ImportOutcome:
        m = opened.manifest
        row = uow.exchange.log(package_id=m.package_id, direction=Direction.IN, kind=m.kind,
                               status=PackageStatus.DUBBEL, at=uow.clock.now(),
                               peer_key_id=m.sender_key_id, sequence=m.sequence,
                               payload_sha256=m.payload_sha256, file_name=file_name)
        uow.audit("exchange.import", "exchange_package", row, detail={"duplicate": True})
        uow.commit()
        return ImportOutcome(PackageStatus.DUBBEL, m.kind, m.package_id, m.sequence)

    def _record_rejection(self, error: RejectedInput, file_name: str, data: bytes = b"") -> None:
        facts = error.facts
        with self._uow() as uow:
            row = uow.exchange.log(package_id=str(facts.get("package_id", "")),
                                   direction=Direction.IN, kind=str(facts.get("kind", "")),
                                   status=PackageStatus.GEWEIGERD, at=uow.clock.now(),
                                   peer_key_id=str(facts.get("signer_key_id", "")),
                                   sequence=int(facts.get("sequence", 0)),
                                   payload_sha256=str(facts.get("payload_sha256", "")),
                                   reason=error.reason, file_name=file_name)
            queued = answers.queue_for_refusal(uow, error, data)
            uow.audit("exchange.reject", "exchange_package", row, result="rejected",
                      detail={"reason": error.reason, "receipt": queued})
            uow.commit()
        error.facts["receipt_queued"] = queued

    # -- export (outbox) ------------------------------------------------------------------------
    def answers_vt(self, household_id: int) -> bool:
        """Whether the household has a VT case number, so a terugkoppeling about it can go."""
        with self._uow() as uow:
            return bool(uow.cases.get_household(household_id).vt_case_number)

    def pending_feedback(self) -> list[int]:
        """Households VT handed over with changes since VT's last receipt (or never sent)."""
        with self._uow() as uow:
            return uow.exchange.changed_since(uow.exchange.feedback_candidates())

    def prepare(self, kind: str, household_ids: Sequence[int] | None = None,
                **melding: Any) -> list[ExportDraft]:
        """The payloads an export would write; shown before anything is written (audited,
        since it shows case data)."""
        moment_id = None
        if kind == "melding" and household_ids and self._monitoring is not None:
            prepared = [m for m in self._monitoring.prepared_meldingen()
                        if m.get("household_id") == household_ids[0]]
            if prepared:
                moment_id = prepared[-1].get("moment_id")
                if not str(melding.get("concerns") or "").strip():
                    melding["concerns"] = str(prepared[-1].get("reason") or "")
        with self._uow() as uow:
            drafts = [ExportDraft(kind, hid, payload, moment_id)
                      for hid, payload in prepare_drafts(uow, kind, household_ids, **melding)]
            uow.audit("exchange.preview", "exchange_package", "",
                      detail={"kind": kind, "households": len(drafts)})
            uow.commit()
            return drafts

    def write(self, drafts: Sequence[ExportDraft], out: Path,
              recipient: str | None = None) -> list[ExportedFile]:
        """Sign and encrypt exactly ``drafts`` for VT and write them to ``out`` (a file; with
        several drafts also ``name-2.tar.age`` …, or a folder). One transaction: the log lines
        and sequences commit only when every file is written."""
        if not drafts:
            raise ValidationError("nothing_to_export")
        with self._uow() as uow:
            vt = self._recipient(uow, recipient)
            results = self._write(uow, [_Outgoing(d.kind, d.household_id, d.payload, vt)
                                        for d in drafts], out)
            self._audit_export(uow, results)
            uow.commit()
        for draft, exported in zip(drafts, results, strict=True):
            if draft.moment_id is not None and self._monitoring is not None:
                self._monitoring.mark_melding_sent(draft.moment_id, exported.package_id)
        return results

    def _write(self, uow: SqlUnitOfWork, items: Sequence[_Outgoing], out: Path,
               signing: SigningKey | None = None) -> list[ExportedFile]:
        """Build, log and write ``items``, taking sequence numbers in file order; removes the
        files again when anything fails (no file without its log line). Does not commit."""
        signing = signing or self._identity(self._own(uow))[0]
        sequence = uow.exchange.next_out_sequence()
        targets = target_paths(out, [(item.kind, sequence + i) for i, item in enumerate(items)],
                               uow.clock.today())
        written: list[Path] = []
        results = []
        try:
            for item, target in zip(items, targets, strict=True):
                built = build_package(item.kind, item.payload, signing,
                                      item.key.encryption_recipient, sequence, uow.clock.now)
                m = built.manifest
                uow.exchange.log(
                    package_id=m.package_id, direction=Direction.OUT, kind=m.kind,
                    status=PackageStatus.VERZONDEN, at=uow.clock.now(),
                    peer_key_id=item.key.signing_key_id, sequence=m.sequence,
                    payload_sha256=m.payload_sha256, household_id=item.household_id,
                    file_name=target.name, flush=False)
                write_private(target, built.data, durable=False)
                written.append(target)
                results.append(ExportedFile(target, m.kind, item.household_id, m.package_id,
                                            m.sequence))
                sequence += 1
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return results

    # -- receipts the team owes VT (format 1.1) ---------------------------------------------
    def outbox(self) -> list[OutboxItem]:
        """Receipts waiting to be written for Veilig Thuis, oldest first."""
        with self._uow() as uow:
            return uow.exchange.outbox()

    def write_receipts(self, out: Path) -> list[ExportedFile]:
        """Write every receipt in the outbox (to ``out``: a folder, or a file and ``-2`` …).
        A receipt whose VT key is gone and has no single successor stays in the outbox.
        Raises ``ValidationError(nothing_to_export)`` when there is nothing to write."""
        with self._uow() as uow:
            items, done = self._receipts(uow, None)
            if not items:
                raise ValidationError("nothing_to_export")
            results = self._write(uow, items, out)
            uow.exchange.remove_from_outbox(done)
            uow.audit("exchange.export", "exchange_package", "",
                      detail={"kind": "ontvangstbevestiging", "packages": len(results)})
            uow.commit()
            return results

    @staticmethod
    def _receipts(uow: SqlUnitOfWork, fallback: ExchangeKey | None,
                  only: Collection[int] | None = None) -> tuple[list[_Outgoing], list[int]]:
        """The receipts that can be written now (of ``only``, when given), and their outbox
        ids. Each goes to the key it answers (or that key's single successor), else to
        ``fallback`` when given."""
        items, done = [], []
        for item in uow.exchange.outbox():
            if only is not None and item.id not in only:
                continue
            key = answers.receipt_recipient(uow, item.peer_key_id) or fallback
            if key is not None:
                items.append(_Outgoing(item.kind, item.household_id, item.payload, key))
                done.append(item.id)
        return items, done

    def receipt_recipients(self) -> dict[int, KeyInfo | None]:
        """For each receipt waiting in the outbox (by its id): the VT key it will go to, or
        None when its key is gone and more than one remains (then the chosen recipient)."""
        with self._uow() as uow:
            out = {}
            for item in uow.exchange.outbox():
                key = answers.receipt_recipient(uow, item.peer_key_id)
                out[item.id] = key_info(key) if key is not None else None
            return out

    def send(self, drafts: Sequence[ExportDraft], folder: Path, recipient: str | None = None,
             receipt_ids: Collection[int] | None = None) -> list[ExportedFile]:
        """The app's outbox in one go: sign and encrypt ``drafts`` for VT (``recipient`` as
        in ``write``) and the receipts waiting in the outbox (those of ``receipt_ids``; None:
        all of them) into the existing ``folder``, each file under its own
        ``<kind>-<date>-<sequence>.tar.age`` name. One transaction: the sequence numbers, log
        lines and the emptied outbox commit only when every file is written (written files
        are removed again on failure). ``ValidationError``: ``not_a_folder``,
        ``folder_unwritable``, ``nothing_to_export``, and the recipient errors of ``write``."""
        if not folder.is_dir():
            raise ValidationError("not_a_folder", folder=str(folder))
        with self._uow() as uow:
            vt = self._recipient(uow, recipient) if drafts or recipient else None
            items = [_Outgoing(d.kind, d.household_id, d.payload, vt)
                     for d in drafts if vt is not None]
            receipts, done = self._receipts(uow, vt, receipt_ids)
            items += receipts
            if not items:
                raise ValidationError("nothing_to_export")
            try:
                results = self._write(uow, items, folder)
            except OSError:  # a full or pulled USB stick, a read-only folder
                raise ValidationError("folder_unwritable", folder=str(folder)) from None
            uow.exchange.remove_from_outbox(done)
            for kind in dict.fromkeys(r.kind for r in results):
                self._audit_export(uow, [r for r in results if r.kind == kind])
            uow.commit()
        for draft, exported in zip(drafts, results, strict=False):
            if draft.moment_id is not None and self._monitoring is not None:
                self._monitoring.mark_melding_sent(draft.moment_id, exported.package_id)
        return results

    # -- key changes (format 1.1) --------------------------------------------------------------
    def rotate_own_key(self, out: Path) -> tuple[KeyInfo, list[ExportedFile]]:
        """Replace the team's key pair: a ``sleutelwissel`` for every trusted VT key, signed
        with the old key, is written to ``out``; the old key stays only to decrypt packages VT
        made before it read the change. Returns the new key and the files."""
        with self._uow() as uow:
            old = self._own(uow)
            old_signing, _ = self._identity(old)
            signing, encryption = SigningKey.generate(), EncryptionIdentity.generate()
            payload = answers.key_change_payload(signing.public_key, encryption.recipient)
            items = [_Outgoing(answers.KEY_CHANGE, None, payload, key)
                     for key in uow.exchange.trusted_keys()]
            results = self._write(uow, items, out, signing=old_signing) if items else []
            uow.exchange.retire_own_key(old.id)
            public = signing.public_key
            kid = uow.exchange.add_key(
                own=True, name="eigen sleutel", signing_key_id=public.key_id_hex,
                signing_public=public.file_text().splitlines()[1],
                encryption_recipient=encryption.recipient, now=uow.clock.now(),
                secret=_secret_text(signing, encryption))
            uow.audit("exchange.key.rotate", "exchange_key", kid,
                      detail={"old_key_id": old.signing_key_id, "key_id": public.key_id_hex,
                              "packages": len(results)})
            uow.commit()
            return key_info(uow.exchange.own_key()), results  # type: ignore[arg-type]

    @staticmethod
    def _audit_export(uow: SqlUnitOfWork, results: list[ExportedFile]) -> None:
        """One line per household for a single package; a caseload export is one line listing
        the households (500 chained audit lines would cost more than the export itself)."""
        if len(results) == 1:
            [item] = results
            uow.audit("exchange.export", "exchange_package", item.package_id, item.household_id,
                      detail={"kind": item.kind, "sequence": item.sequence})
            return
        uow.audit("exchange.export", "exchange_package", "",
                  detail={"kind": results[0].kind, "packages": len(results),
                          "households": [r.household_id for r in results],
                          "sequences": [results[0].sequence, results[-1].sequence]})

    @staticmethod
    def _recipient(uow: SqlUnitOfWork, choice: str | None) -> ExchangeKey:
        keys = uow.exchange.trusted_keys()
        if choice:
            wanted = choice.strip().lower()
            keys = [k for k in keys if wanted in (k.signing_key_id.lower(), k.name.lower(),
                                                  k.signing_key_id.lstrip("0").lower())]
            if not keys:
                raise ValidationError("unknown_recipient", name=choice)
        if not keys:
            raise ValidationError("no_trusted_key")
        if len(keys) > 1:
            raise ValidationError("choose_recipient", names=", ".join(k.name for k in keys))
        return keys[0]

    # -- the log and conflicts ------------------------------------------------------------------
    def vt_address(self, household_id: int) -> str:
        """The household's address as Veilig Thuis sent it in an overdracht ("" if none)."""
        with self._uow() as uow:
            return vt_address(uow, household_id)

    def log(self, household_id: int | None = None) -> list[PackageEntry]:
        with self._uow() as uow:
            return uow.exchange.packages(household_id)

    def conflicts(self, household_id: int | None = None,
                  only_open: bool = True) -> list[ImportConflict]:
        with self._uow() as uow:
            return uow.exchange.conflicts(household_id, only_open)

    def resolve_conflict(self, conflict_id: int, take_incoming: bool) -> ImportConflict:
        """The team's decision on a conflict: keep the local value or take VT's."""
        with self._uow() as uow:
            [conflict] = [c for c in uow.exchange.conflicts(only_open=False)
                          if c.id == conflict_id] or [None]
            if conflict is None:
                raise ValidationError("conflict_unknown")
            if conflict.status is not ConflictStatus.OPEN:
                raise ValidationError("conflict_resolved")
            if take_incoming:
                apply_resolution(uow, conflict)
            status = ConflictStatus.INKOMEND if take_incoming else ConflictStatus.LOKAAL
            resolved = uow.exchange.resolve_conflict(conflict_id, status, uow.clock.now())
            uow.audit("exchange.conflict", conflict.object_type, conflict.object_id,
                      conflict.household_id,
                      detail={"field": conflict.field, "decision": status.value})
            answers.queue_when_resolved(uow, conflict.package_id, conflict.household_id)
            uow.commit()
            return resolved
