"""A vault in a team as storage knows it after a sync, planted without a folder or a real sync:
cheap, for tests of what the screens and services do with a colleague's household."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from wijkteam_desk.domain.team import HouseholdTeamState, Membership
from wijkteam_desk.services.workspace import Workspace

ME = "ik"  # this laptop's member id


def plant_team(ws: Workspace, holders: Mapping[int, str]) -> None:
    """This vault in a team; ``holders``: household → the member id of its dossierhouder
    (``ME`` for our own, anything else for a colleague's read-only copy)."""
    with ws.unit_of_work() as uow:
        uow.team.save_membership(Membership("team-1", "Wijkteam Oost", ME, "", "{}", 1,
                                            "/geen/map", 1, datetime(2026, 11, 22, tzinfo=UTC)))
        for household, holder in holders.items():
            uow.team.save_state(HouseholdTeamState(household, holder, 1, holder))
        uow.commit()
