"""SQL for the profile (schema 4): the one professional who acts on this vault."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.profile import Profile, ProfileRole
from .models_profile import PROFILE_ID, ProfileRow


class ProfileRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self) -> Profile | None:
        """The profile, or None in a vault made before profiles existed (or without one)."""
        row = self.s.get(ProfileRow, PROFILE_ID)
        if row is None:
            return None
        try:
            role = ProfileRole(row.role)
        except ValueError:  # a role this version does not know: keep the person, not the role
            role = ProfileRole.CONSULENT
        return Profile(row.name, role, row.organisation, row.member_id)

    def save(self, profile: Profile, now: datetime) -> None:
        """Insert or overwrite the profile; the member id of an existing profile is kept."""
        row = self.s.get(ProfileRow, PROFILE_ID)
        if row is None:
            self.s.add(ProfileRow(id=PROFILE_ID, member_id=profile.member_id, name=profile.name,
                                  role=profile.role.value, organisation=profile.organisation,
                                  updated_at=now))
        else:
            row.name, row.role = profile.name, profile.role.value
            row.organisation, row.updated_at = profile.organisation, now
        self.s.flush()
