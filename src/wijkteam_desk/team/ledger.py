"""What this laptop has accepted from the team folder, per author: the memory that makes replays,
duplicate sequence numbers and repeated refusals visible. The second wave stores it in the vault
(``to_json``/``from_json``) and records a file only after applying it has been committed.

Per author: every accepted sequence number with the SHA-256 of the exact file, the author's
compaction floor (files below it were removed by their author: one that shows up again is a
replay), the highest sequence and the newest ``created_at`` (the status screen's "last seen").
Per file that was refused: its hash and reason, so the same file is logged once, not at every
sync. Entries below an author's floor are dropped once their files are gone (``prune``; roster
files are exempt, as they are from the floor), so the ledger stays as small as the folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wijkteam_desk.team.layout import is_valid_id


@dataclass
class AuthorState:
    floor: int = 1
    highest: int = 0
    last_seen: str = ""
    seen: dict[int, str] = field(default_factory=dict)  # sequence → sha256 of the raw file
    # (size, mtime_ns) of a file known by hash: lets a sync skip reading unchanged files.
    hints: dict[int, tuple[int, int]] = field(default_factory=dict)
    rosters: set[int] = field(default_factory=set)  # roster files: never below a floor


@dataclass
class Ledger:
    authors: dict[str, AuthorState] = field(default_factory=dict)
    refused: dict[str, tuple[str, str]] = field(default_factory=dict)  # label → (sha256, reason)

    def author(self, member_id: str) -> AuthorState:
        return self.authors.get(member_id) or AuthorState()

    def seen_hash(self, member_id: str, sequence: int) -> str | None:
        state = self.authors.get(member_id)
        return state.seen.get(sequence) if state else None

    def unchanged(self, member_id: str, sequence: int, size: int, mtime_ns: int) -> bool:
        state = self.authors.get(member_id)
        return state is not None and state.hints.get(sequence) == (size, mtime_ns)

    def floor(self, member_id: str) -> int:
        return self.author(member_id).floor

    def acks(self) -> dict[str, int]:
        return {m: s.highest for m, s in sorted(self.authors.items()) if s.highest}

    def record(self, member_id: str, sequence: int, sha256: str, *, floor: int,
               created_at: str, size: int = -1, mtime_ns: int = -1,
               roster: bool = False) -> None:
        state = self.authors.setdefault(member_id, AuthorState())
        state.seen[sequence] = sha256
        if roster:
            state.rosters.add(sequence)
        if size >= 0:
            state.hints[sequence] = (size, mtime_ns)
        state.floor = max(state.floor, floor)
        state.highest = max(state.highest, sequence)
        state.last_seen = max(state.last_seen, created_at)

    def record_refusal(self, label: str, sha256: str, reason: str) -> None:
        self.refused[label] = (sha256, reason)

    def prune(self, present_labels: set[str] | None = None,
              present_files: set[tuple[str, int]] | None = None) -> None:
        """Forget accepted files below their author's floor once they are gone from the folder
        (``present_files``: (author, sequence) of every file there now; a file its author
        deleted may linger until the sync engine brings the deletion, and must not look like
        a replay meanwhile), and refusals of files no longer there (``present_labels``)."""
        present = present_files if present_files is not None else set()
        for member, state in self.authors.items():
            state.seen = {s: h for s, h in state.seen.items()
                          if s >= state.floor or s in state.rosters or (member, s) in present}
            state.rosters &= set(state.seen)
            state.hints = {s: h for s, h in state.hints.items() if s in state.seen}
        if present_labels is not None:
            self.refused = {k: v for k, v in self.refused.items() if k in present_labels}

    def to_json(self) -> dict[str, Any]:
        return {
            "authors": {
                member: {
                    "floor": state.floor,
                    "highest": state.highest,
                    "last_seen": state.last_seen,
                    "seen": {str(s): h for s, h in sorted(state.seen.items())},
                    "hints": {str(s): list(h) for s, h in sorted(state.hints.items())},
                    "rosters": sorted(state.rosters),
                }
                for member, state in sorted(self.authors.items())
            },
            "refused": {label: list(value) for label, value in sorted(self.refused.items())},
        }

    @classmethod
    def from_json(cls, value: Any) -> Ledger:
        """``ValueError`` when ``value`` is not a stored ledger."""
        try:
            ledger = cls()
            for member, raw in value["authors"].items():
                if not is_valid_id(member):
                    raise ValueError("member id")
                ledger.authors[member] = AuthorState(
                    floor=int(raw["floor"]),
                    highest=int(raw["highest"]),
                    last_seen=str(raw["last_seen"]),
                    seen={int(s): str(h) for s, h in raw["seen"].items()},
                    hints={int(s): (int(h[0]), int(h[1])) for s, h in raw["hints"].items()},
                    rosters={int(s) for s in raw["rosters"]},
                )
            for label, (sha, reason) in value["refused"].items():
                ledger.refused[str(label)] = (str(sha), str(reason))
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"not a stored ledger: {exc}") from None
        return ledger
