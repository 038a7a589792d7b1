"""Stable reason codes for everything the team-folder reader skips or refuses.

The codes are a contract with the second wave (the sync service logs them, the CLI prints them in
``team sync --json``, the UI maps them to Dutch text) and with ``docs/team-sync.md``, whose table
of hostile input lists them. They never change meaning; a new refusal gets a new code.

Every outcome has one of four dispositions:

- ``QUIET``: normal life in a shared folder (a sync engine's temporary file, a file encrypted for
  colleagues only, a file read before). Skipped without a log line.
- ``LATER``: the file may become readable once more of the folder has arrived (it was written
  against a roster this laptop has not seen yet). Skipped now, tried again at the next sync.
- ``REVIEW``: kept aside for a person to decide (the second wave shows it side by side with
  the current file); neither applied nor dropped.
- everything else: refused. Logged with its code; nothing from the file is applied.
"""

from __future__ import annotations

# -- quiet skips ------------------------------------------------------------------------------
TEMPORARY = "temporary"  # a file still being written (ours or a sync engine's temporary name)
SYSTEM_FILE = "system_file"  # .stfolder, desktop.ini, .DS_Store …: the engine's or the OS's own
NOT_FOR_US = "not_for_us"  # age: none of our keys is a recipient (afgeschermd, or before we joined)
ALREADY_SEEN = "already_seen"  # this exact file was accepted before
ALREADY_REFUSED = "already_refused"  # this exact file was refused (and logged) before
OWN_FILE = "own_file"  # in our own subfolder: we wrote it
BEFORE_JOIN = "before_join"  # written against a roster older than the one we joined with

# -- later ------------------------------------------------------------------------------------
ROSTER_AHEAD = "roster_ahead"  # written against a roster version we do not have yet
ROSTER_GAP = "roster_gap"  # a roster more than one version ahead of ours: the link is missing

# -- refused: the name or the file itself ----------------------------------------------------
UNSAFE_NAME = "unsafe_name"  # "..", a separator, a control character, not UTF-8
NAME_TOO_LONG = "name_too_long"
UNKNOWN_NAME = "unknown_name"  # not a name this format ever writes
NOT_A_FILE = "not_a_file"  # a link, a device, a folder where a file belongs
EMPTY = "empty"
TOO_LARGE = "too_large"  # refused on its size alone: never read
CHANGED_WHILE_READING = "changed_while_reading"  # grew or shrank under us: still being written

# -- refused: the envelope (age, tar) ---------------------------------------------------------
NOT_AGE = "not_age"  # garbage: not an age file at all
TRUNCATED = "truncated"  # a cut-off age file: half-written or half-copied
CORRUPTED = "corrupted"  # for us, but the ciphertext fails authentication
BAD_ENVELOPE = "bad_envelope"  # age header with foreign stanza types or too many recipients
BAD_TAR_MEMBER = "bad_tar_member"  # sparse, link, pax/GNU extension, oversized or extra member
MALFORMED_CONTAINER = "malformed_container"

# -- refused: signature and author ------------------------------------------------------------
MALFORMED_SIGNATURE = "malformed_signature"
UNKNOWN_KEY = "unknown_key"  # signed by a key no roster of this team ever listed
REVOKED_KEY = "revoked_key"  # signed by a key the roster revoked (lost or replaced laptop)
REMOVED_MEMBER = "removed_member"  # signed by someone who is no longer a member
BAD_SIGNATURE = "bad_signature"
WRONG_AUTHOR = "wrong_author"  # the manifest names another member than the key belongs to
WRONG_FOLDER = "wrong_folder"  # a member's file found in another member's subfolder
NAME_MISMATCH = "name_mismatch"  # the file name's sequence or kind differs from the manifest

# -- refused: the manifest --------------------------------------------------------------------
MALFORMED_MANIFEST = "malformed_manifest"
UNKNOWN_VERSION = "unknown_version"
WRONG_TEAM = "wrong_team"
REPLAYED = "replayed"  # below the author's compaction floor: a file that was removed came back
DUPLICATE_SEQUENCE = "duplicate_sequence"  # two different files with one sequence number
RECIPIENTS_MISMATCH = "recipients_mismatch"  # encrypted to other members than the rules demand

# -- refused: the payload ---------------------------------------------------------------------
PAYLOAD_HASH_MISMATCH = "payload_hash_mismatch"
MALFORMED_PAYLOAD = "malformed_payload"
AFGESCHERMD_LEAK = "afgeschermd_leak"  # an afgeschermd household in a file for the whole team
NOT_TEAMLEIDER = "not_teamleider"  # a teamleider's notice (takeover) from someone else

# -- refused: rosters -------------------------------------------------------------------------
ROSTER_NOT_TEAMLEIDER = "roster_not_teamleider"  # signed by a member who is no teamleider
ROSTER_OUTDATED = "roster_outdated"  # an older version than the one we trust
ROSTER_FORK = "roster_fork"  # two different rosters with one version number
ROSTER_INVALID = "roster_invalid"  # broken link, wrong team, no teamleider, reused key …

# -- one writer per household (``pen.py``) ---------------------------------------------------
NOT_DOSSIERHOUDER = "not_dossierhouder"  # a member's file changing a colleague's household
BAD_HANDOVER = "bad_handover"  # a change of dossierhouder not signed by whom it must be
# For review, not refused: the old dossierhouder's change made without having seen a takeover.
LATE_CHANGE = "late_change"

# Something unforeseen broke while reading; always a bug on our side worth a test.
UNREADABLE = "unreadable"

QUIET: frozenset[str] = frozenset(
    {TEMPORARY, SYSTEM_FILE, NOT_FOR_US, ALREADY_SEEN, ALREADY_REFUSED, OWN_FILE, BEFORE_JOIN}
)
LATER: frozenset[str] = frozenset({ROSTER_AHEAD, ROSTER_GAP})
REVIEW: frozenset[str] = frozenset({LATE_CHANGE})

ALL_REASONS: tuple[str, ...] = tuple(
    value for name, value in sorted(globals().items()) if name.isupper() and isinstance(value, str)
)


def disposition(reason: str) -> str:
    """``"quiet"``, ``"later"``, ``"review"`` or ``"refused"``."""
    if reason in QUIET:
        return "quiet"
    if reason in LATER:
        return "later"
    if reason in REVIEW:
        return "review"
    return "refused"
