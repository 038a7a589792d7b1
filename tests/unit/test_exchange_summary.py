"""The Dutch summary of what leaves the laptop names every value of the payload."""

from __future__ import annotations

from typing import Any

import pytest

from wijkteam_desk.exchange.examples import example_melding, example_terugkoppeling
from wijkteam_desk.services.exchange import ExportDraft
from wijkteam_desk.services.exchange_summary import TRANSLATED


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@pytest.mark.parametrize(("kind", "payload"), [("terugkoppeling", example_terugkoppeling()),
                                               ("melding", example_melding())])
def test_every_text_and_number_of_the_payload_is_in_the_summary(
        kind: str, payload: dict[str, Any]) -> None:
    text = ExportDraft(kind, 1, payload).summary_text()
    for leaf in _leaves(payload):
        if isinstance(leaf, bool) or leaf in TRANSLATED:
            continue  # shown as ja/nee, or in Dutch words
        shown = str(leaf)
        if len(shown) == 10 and shown[4] == "-":  # dates are shown as dd-mm-jjjj
            shown = f"{shown[8:]}-{shown[5:7]}-{shown[:4]}"
        assert shown.replace("_", " ") in text.replace("_", " "), leaf


def test_summary_is_dutch_without_json_keys() -> None:
    text = ExportDraft("terugkoppeling", 1, example_terugkoppeling()).summary_text()
    assert "durably_safe" not in text and "duurzaam veilig: onbekend" in text
    assert "Stand: loopt, fase stabiele veiligheid." in text and "besluit: doorgaan" in text
    assert text.endswith("Geen namen, adressen of telefoonnummers van het gezin.")


RECEIPTS = [
    {"acknowledged_package_id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
     "acknowledged_kind": "overdracht", "acknowledged_sequence": 7,
     "acknowledged_payload_sha256": "ab" * 32, "received_at": "2026-11-22T09:00:00Z",
     "outcome": "ingelezen_met_verschillen", "open_differences": 2},
    {"received_file_sha256": "cd" * 32, "received_at": "2026-11-22T09:00:00Z",
     "outcome": "geweigerd", "reason": "bad_signature"},
    {"acknowledged_package_id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
     "acknowledged_kind": "overdracht", "acknowledged_sequence": 7,
     "acknowledged_payload_sha256": "ab" * 32, "received_at": "2026-11-22T09:00:00Z"},
]


@pytest.mark.parametrize("payload", RECEIPTS)
def test_a_receipt_the_team_owes_vt_is_summarised_with_every_value(
        payload: dict[str, Any]) -> None:
    text = ExportDraft("ontvangstbevestiging", None, payload).summary_text()
    for key, leaf in payload.items():
        if key == "received_at" or leaf in TRANSLATED:
            continue  # the moment in the laptop's own time; codes in Dutch words
        assert str(leaf) in text, key
    assert "22-11-2026 om" in text
    assert "_" not in text.replace("(code bad_signature)", "")  # no codes but the reason's


def test_receipt_summary_reads_as_dutch() -> None:
    [with_differences, refused, plain] = (
        ExportDraft("ontvangstbevestiging", None, p).summary_text() for p in RECEIPTS)
    assert with_differences.startswith("Ontvangstbevestiging voor de overdracht met volgnummer 7")
    assert with_differences.endswith("Uitkomst: ingelezen, met verschillen; het team beoordeelt "
                                     "nog 2 verschillen.")
    assert refused.endswith("Uitkomst: geweigerd, want de handtekening klopt niet; het bestand "
                            "is mogelijk vervalst (code bad_signature).")
    assert plain.endswith("Uitkomst: ingelezen.")  # format 1.0: no outcome means ingelezen
