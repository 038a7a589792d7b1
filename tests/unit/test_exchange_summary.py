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
