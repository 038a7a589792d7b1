"""The profile as the domain checks it: a name and a role from the fixed list, one line of
printable text, and a member id that is random and stays."""

from __future__ import annotations

import pytest

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.profile import ProfileRole, make_profile


def test_a_profile_is_cleaned_and_gets_a_random_member_id() -> None:
    a = make_profile("  Anna   de Vries ", "Consulent", " Wijkteam Noord ")
    b = make_profile("Anna de Vries", "consulent")
    assert (a.name, a.role, a.organisation) == ("Anna de Vries", ProfileRole.CONSULENT,
                                                "Wijkteam Noord")
    assert len(a.member_id) == 32 and a.member_id != b.member_id
    assert a.signature == "Anna de Vries (Wijkteam Noord)" and b.signature == "Anna de Vries"


def test_an_existing_member_id_is_kept() -> None:
    assert make_profile("Anna", "teamleider", member_id="abc").member_id == "abc"


@pytest.mark.parametrize(("name", "role", "organisation", "code"), [
    ("", "consulent", "", "empty"),
    ("   ", "consulent", "", "empty"),
    ("x" * 201, "consulent", "", "too_long"),
    ("Anna", "consulent", "y" * 201, "too_long"),
    ("Anna", "baas", "", "profile_role_unknown"),
    ("Anna", "", "", "profile_role_unknown"),
    ("Anna\u0000de Vries", "consulent", "", "profile_invalid_characters"),
    ("Anna\u202ede Vries", "consulent", "", "profile_invalid_characters"),  # bidi override
])
def test_bad_input_is_refused_with_a_code(name: str, role: str, organisation: str,
                                          code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_profile(name, role, organisation)
    assert caught.value.code == code


def test_every_role_has_dutch_words() -> None:
    from wijkteam_desk.texts import PROFILE_ROLES

    assert set(PROFILE_ROLES) == {r.value for r in ProfileRole}
