"""Dutch words for the monitoring feature's codes, shared by the form, the agenda, the printout
and the command line (so the screen and the paper say the same thing)."""

from __future__ import annotations

CONDITION_STATUSES = {"met": "voldaan", "deels": "deels voldaan", "niet": "niet voldaan"}
GOAL_EXECUTIONS = {"geleverd": "geleverd", "deels": "deels", "niet": "niet geleverd"}
DURABLY_SAFE = {"ja": "ja", "nee": "nee", "onbekend": "onbekend"}
OUTCOMES = {
    "doorgaan": "Doorgaan met de monitoring",
    "afsluiten": "Afsluiten",
    "heropenen": "Heropenen: terug naar directe veiligheid",
    "melden_vt": "Melden bij Veilig Thuis",
}
MOMENT_STATUSES = {"gepland": "gepland", "bezig": "bezig", "gedaan": "afgerond"}
BUCKETS = {"achterstallig": "Te laat", "deze_week": "Deze week", "deze_maand": "Deze maand"}


def moment_title(offset_months: int | None, purpose: str = "", from_vt: bool = True) -> str:
    """"Monitoring 3 maanden na de overdracht", or "Extra moment: <purpose>"."""
    if offset_months is None:
        return f"Extra moment: {purpose}" if purpose else "Extra moment"
    after = "de overdracht" if from_vt else "het afsluiten"
    unit = "maand" if offset_months == 1 else "maanden"
    return f"Monitoring {offset_months} {unit} na {after}"
