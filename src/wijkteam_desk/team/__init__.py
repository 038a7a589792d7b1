"""The team folder: members and the signed roster, and the end-to-end encrypted files that an
existing sync engine (Syncthing, a network share, Nextcloud, OneDrive, a USB stick) carries
between the laptops of one team. See ``docs/team-sync.md``.

A layer beside ``exchange/``, whose primitives it reuses (canonical JSON, minisign, age, the tar
container): pure library plus file I/O in the team folder only — no database, no services, no Qt.
The second wave wires it into storage (the chain and the ledger live in the vault), services
(``team sync``: publish, read, apply, compact) and the UI.

- ``roster``: ``Member``, ``Roster`` and its changes, id blocks
- ``chain``: ``SignedRoster``, ``sign_roster``, ``RosterChain``: trust from a teamleider's
  fingerprint
- ``join``: joining from the folder alone, ``JoinRequest``
- ``pen``: who holds a household's pen, provable from its documents; ``judge``
- ``layout``: names in the folder, temporary names, ``scan``
- ``envelope``: the manifest and the encrypted, signed file
- ``payloads``: ``HouseholdDocument``, ``ReassignNotice``, the signed roster as a payload
- ``writer``: ``FolderWriter`` (atomic files in our subfolder), ``Publisher``
- ``reader``: ``read_folder`` → accepted ``TeamFile``s and ``Outcome``s with reason codes
- ``ledger``: what was accepted and refused, per author
- ``compaction``: ``plan_compaction``/``compact``, ``learn_sequence``
- ``reasons``: the stable reason codes
"""

from __future__ import annotations
