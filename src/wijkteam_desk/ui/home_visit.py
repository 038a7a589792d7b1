"""Huisbezoekmodus (F9): the one list of what a screen hides while the family can see it.

Like the print allow-list (``reports/print_model.py``), this is the single place that decides:
a screen, a dialog or a table model asks ``shown(field, value, on)`` or ``hides(field, on)``
and never decides for itself. ``FIELDS`` names every field the mode touches:

- ``MASK``: the value becomes ``••••••`` where it stood (an address, a phone number, a note).
  An input field that shows a mask is read-only and says why (``WHY``): a keystroke is never
  silently thrown away, and a mask is never saved over the real value.
- ``LEAVE_OUT``: the value is not shown at all, because even a masked place for it tells the
  family something: who is victim or pleger (roles, badges, "slachtoffer: …; pleger: …"),
  that a network member threatens, incidents, the signals of the rules, the professional's copy.

Everything not listed stays as it is, and stays editable: the mode must not stop the work done
with the family (the safety plan they make together, its children's sections, the plan's goals,
a new score on the veiligheidsschaal)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

MASK = "••••••"
WHY = "Verborgen in huisbezoekmodus (F9). Zet de modus uit om dit te lezen of te wijzigen."
WHY_TYPED = ("Verborgen in huisbezoekmodus (F9). Wat je typt wordt bewaard, maar niet getoond. "
             "Zet de modus uit om het te lezen.")
WHY_UNAVAILABLE = ("Niet in huisbezoekmodus (F9): hier staat wat het gezin niet ziet. "
                   "Zet de modus uit om dit te gebruiken.")


class How(enum.Enum):
    MASK = "mask"
    LEAVE_OUT = "leave_out"


@dataclass(frozen=True)
class Hidden:
    what: str  # in the words of the guide (docs/handleiding.md lists them)
    how: How


_M, _L = How.MASK, How.LEAVE_OUT

FIELDS: dict[str, Hidden] = {
    # Who someone is and how to reach them.
    "person.birth_date": Hidden("geboortedatum en leeftijd", _M),
    "person.address": Hidden("adres, postcode en woonplaats (ook een geheim adres)", _M),
    "person.phone": Hidden("telefoonnummer", _M),
    "person.note": Hidden("notitie bij een gezinslid", _M),
    "person.secret_address": Hidden("dat iemand op een geheim adres woont", _L),
    "person.roles": Hidden("rollen (slachtoffer, pleger, getuige …), vermoedens en hun "
                           "letters in de gezinstekening", _L),
    "network.address": Hidden("adres van een netwerklid", _M),
    "network.phone": Hidden("telefoonnummer van een netwerklid", _M),
    "network.note": Hidden("notitie bij een netwerklid", _M),
    "network.secret_address": Hidden("dat een netwerklid op een geheim adres woont", _L),
    "network.stance": Hidden("of een netwerklid bedreigend is", _L),
    # What happened, and what the rules say about it.
    "incident": Hidden("incidenten: datum, vormen van geweld, wie, omschrijving, politie", _L),
    "household.warnings": Hidden("signalen (wat niet klopt volgens de regels)", _L),
    "household.earliest_closing": Hidden("vroegste einddatum (een jaar na het laatste "
                                         "incident)", _L),
    # The professional's own words.
    "household.next_action": Hidden("volgende actie", _M),
    "household.closing_reason": Hidden("reden van afsluiten", _M),
    "phase.reason": Hidden("reden van een fasewissel", _M),
    "involvement.end_reason": Hidden("reden waarom een hulpverlener stopte", _M),
    "journal.text": Hidden("tekst van contacten en notities", _M),
    "child_offer.no_offer_reason": Hidden("reden waarom een kind geen aanbod krijgt", _M),
    "checklist.note": Hidden("toelichtingen en open antwoorden in checklists", _M),
    "checklist.notice": Hidden("signalen die een checklist herhaalt", _L),
    "safety_score.note": Hidden("notitie bij een score", _M),
    "monitoring.note": Hidden("toelichtingen en open antwoorden bij monitoring", _M),
    "monitoring.durably_safe": Hidden("wie als slachtoffer duurzaam veilig is", _L),
    "exchange.value": Hidden("waarden in verschillen met Veilig Thuis", _M),
    "exchange.summary": Hidden("wat er naar Veilig Thuis gaat (stap 4 van Versturen)", _L),
    "record.correction": Hidden("eerdere tekst van een gecorrigeerde regel, met de reden", _M),
    "attachment.title": Hidden("titels van documenten en bij wie ze horen", _M),
    "attachment.content": Hidden("de inhoud van documenten: ze gaan niet open", _L),
    # The veiligheidsplan: what the family copy leaves out stays off the screen too.
    "safety_plan.professional_notes": Hidden("notities voor de hulpverlener", _M),
    "safety_plan.address": Hidden("adressen van veilige plekken en personen", _M),
    "safety_plan.phone": Hidden("telefoonnummers van veilige plekken, personen en gezinsleden",
                                _M),
    "safety_plan.secret_shelter": Hidden("naam van een geheime opvang", _M),
    "safety_plan.personal_step": Hidden("stappen voor één persoon (waar iemand naartoe gaat)",
                                        _L),
    "print.professional_copy": Hidden("het exemplaar voor de hulpverlener", _L),
}


def hides(field: str, on: bool) -> bool:
    """Whether the mode (``on``) hides ``field``. An unknown field is a programming error
    (``KeyError``): every field the mode touches is listed above."""
    FIELDS[field]
    return on


def shown(field: str, value: str, on: bool) -> str:
    """``value`` as a screen may show it: masked, left out (empty) or as it is."""
    if not on or not value:
        return value
    return MASK if FIELDS[field].how is How.MASK else ""


# -- what a screen does with it ---------------------------------------------------------------
_TIP = "home_visit_own_tip"  # a widget's own tool tip, kept while the mode puts its reason there


def _explain(widget: QWidget, why: str | None) -> None:
    own = widget.property(_TIP)
    if own is None:
        own = widget.toolTip()
        widget.setProperty(_TIP, own)
    widget.setToolTip(why if why is not None else own)


def guard_field(field: QLineEdit | QPlainTextEdit, masked: bool, read_only: bool = False,
                why_read_only: str = "") -> None:
    """A text field that shows a mask is read-only and says so; otherwise it is as the screen
    wants it (``read_only`` with ``why_read_only``, or editable with its own tip)."""
    field.setReadOnly(masked or read_only)
    _explain(field, WHY if masked else (why_read_only or None) if read_only else None)


def guard_action(button: QWidget, on: bool, enabled: bool = True) -> None:
    """A button that opens what the mode hides (an incident, the professional's copy) is off
    in the mode (``on``) and says why; otherwise it is ``enabled`` with its own tip."""
    button.setEnabled(enabled and not on)
    _explain(button, WHY_UNAVAILABLE if on else None)
