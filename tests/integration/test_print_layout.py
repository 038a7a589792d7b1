"""Layout of the printed veiligheidsplan: a phone number never breaks over two lines, and a
heading never stands alone at the foot of a page (it keeps the start of its section with it).
Checked in the text of the rendered PDF, page by page (pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from wijkteam_desk.domain.safety_plan import (
    ContactDetails,
    Participant,
    SafePerson,
    SafePlace,
    default_emergency_contacts,
)
from wijkteam_desk.reports import render_safety_plan
from wijkteam_desk.reports.safety_plan_pdf import HEADINGS

from .test_print_plan import AUNT, CHILD, CONDITION, PLEGER, REGISSEUR, VICTIM, sample_plan

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed")

# Phone numbers as Faker nl_NL and real people write them: spaces, brackets, dashes.
# Distinct digits, so finding one number's digits in the text never matches another's.
LONG_PHONES = ("+31 (0)30 987 65 43", "+31(0)914 177763", "(0406)-812415", "0031 6 1357 2468",
               "+31(0)563-414839", "06 - 19 28 37 46")


def page_texts(data: bytes, layout: bool = False) -> list[str]:
    """Each page's text; ``layout`` keeps a printed line on one line (table rows too)."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    out = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return [t.replace("\xa0", " ") for t in out.split("\f")][:-1]  # a form feed ends each page


def with_long_phones():  # type: ignore[no-untyped-def]
    plan = sample_plan()
    a, b, c, d, e, f = LONG_PHONES
    return replace(
        plan,
        participants=(Participant(VICTIM, ContactDetails("Slachtofferstraat 3", "1111 AA",
                                                         "Dorpsveen", a)),
                      Participant(PLEGER, ContactDetails(phone=b)), Participant(CHILD),
                      Participant(AUNT, ContactDetails("Kerkstraat 5", "2222 BB", "Dorpsveen",
                                                       c)),
                      Participant(REGISSEUR, ContactDetails(phone=d))),
        emergency_contacts=default_emergency_contacts(REGISSEUR, d),
        safe_places=(SafePlace("Opvanghuis De Zonnebloem met een hele lange naam",
                               ContactDetails("Geheimelaan 17", "9999 ZZ", "Verweggistad", e,
                                              True), shelter=True),),
        safe_people=(SafePerson(AUNT, ContactDetails("Kerkstraat 5", "2222 BB", "Dorpsveen",
                                                     f)),),
    )


@pytest.mark.parametrize("audience", ["professional", "gezin", f"persoon:{VICTIM.id}"])
def test_a_phone_number_is_never_split_over_two_lines(audience: str) -> None:
    data = render_safety_plan(with_long_phones(), audience, [CONDITION])
    text = "\n".join(page_texts(data))
    printed = [p for p in LONG_PHONES if re.sub(r"\D", "", p)[-6:] in re.sub(r"\D", "", text)]
    assert printed, "the copy prints some of the numbers"
    for phone in printed:
        assert phone in text, f"{phone} is broken up in the {audience} copy"


def _headings() -> set[str]:
    return {h for voice in HEADINGS.values() for h in voice.values()}


def _last_line(page: str) -> str:
    lines = [x.strip() for x in page.splitlines() if x.strip()]
    body = [x for x in lines if not x.startswith(("Vertrouwelijk", "Pagina "))]
    return body[-1] if body else ""


@pytest.mark.parametrize("audience", ["professional", "gezin"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(audience: str) -> None:
    """More or fewer warning signs move every later section down the page; at some count
    each heading comes near a page foot. It must never be the last thing on the page."""
    plan = sample_plan()
    headings = _headings()
    goal_heading = HEADINGS["wij"]["goals"]
    near_foot = 0
    for extra in range(0, 44, 1):
        signs = tuple(f"Signaal {n}: er wordt weer geschreeuwd in huis." for n in range(extra))
        moved = replace(plan, participants=plan.participants * (1 + extra % 4),
                        warning_signs=signs)
        pages = page_texts(render_safety_plan(moved, audience, [CONDITION]), layout=True)
        for number, page in enumerate(pages, start=1):
            last = _last_line(page)
            assert last not in headings and not last.startswith("Doel "), (
                f"'{last}' alone at the foot of page {number} ({extra} extra lines)")
        where = [i for i, p in enumerate(pages) if goal_heading in p]
        assert len(where) == 1 and "Doel 1:" in pages[where[0]]
        near_foot += where[0] > 0 and pages[where[0]].index(goal_heading) < 400
    assert near_foot, "the goals heading was never pushed to the top of a new page"
