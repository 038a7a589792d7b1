"""Checklist runs: conditional items, completion, read-only records, norms, versions, overdue."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from wijkteam_desk.domain.checklists import (
    Answer,
    ChecklistRun,
    ChecklistTemplate,
    Item,
    TemplateLibrary,
    active_rules,
    answers_from_json,
    answers_to_json,
    checklist_overdue,
    clear_answer,
    complete,
    completion_problems,
    deviations,
    load_library,
    missing_required,
    set_answer,
    set_outcome,
    start_run,
    template_for_run,
    validate_for_completion,
    visible_items,
)
from wijkteam_desk.domain.errors import NotFound, ValidationError

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "resources" / "checklists"
STARTED = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
FINISHED = STARTED + timedelta(minutes=40)


@pytest.fixture(scope="module")
def library() -> TemplateLibrary:
    return load_library(TEMPLATE_DIR)


def _fill(run: ChecklistRun, template: ChecklistTemplate, **answers: str) -> ChecklistRun:
    for item_id, value in answers.items():
        run = set_answer(run, template, item_id, value, note="toelichting")
    return run


def _ids(items: tuple[Item, ...]) -> list[str]:
    return [item.id for item in items]


# --- Required and conditional items.


def test_kindcheck_asks_about_the_children_only_when_there_are_children(
    library: TemplateLibrary,
) -> None:
    kindcheck = library.latest("kindcheck")
    facts = {"has_children": True}
    assert _ids(visible_items(kindcheck, facts, {})) == ["kinderen_aanwezig"]
    assert missing_required(kindcheck, facts, {}) == ("kinderen_aanwezig",)

    yes = {"kinderen_aanwezig": Answer("ja")}
    shown = _ids(visible_items(kindcheck, facts, yes))
    assert "veiligheid_beoordeeld" in shown
    assert "gericht_aanbod" not in shown  # only once a child is victim or witness
    assert "veiligheid_beoordeeld" in missing_required(kindcheck, facts, yes)
    assert "school_op_de_hoogte" not in missing_required(kindcheck, facts, yes)  # optional

    witness = {**yes, "kind_slachtoffer_of_getuige": Answer("ja")}
    assert "gericht_aanbod" in missing_required(kindcheck, facts, witness)


def test_an_answer_to_a_hidden_item_does_not_steer_later_items(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    stale = {"kinderen_aanwezig": Answer("nee"), "kind_slachtoffer_of_getuige": Answer("ja")}
    assert _ids(visible_items(kindcheck, {"has_children": False}, stale)) == ["kinderen_aanwezig"]


def test_household_facts_hide_and_show_sections(library: TemplateLibrary) -> None:
    zicht = library.latest("zicht-op-veiligheid")
    with_children = _ids(visible_items(zicht, {"has_children": True}, {}))
    without = _ids(visible_items(zicht, {"has_children": False}, {}))
    assert {"kinderen_gehoord", "kinderen_eigen_steun"} <= set(with_children)
    assert set(with_children) - set(without) == {"kinderen_gehoord", "kinderen_eigen_steun"}


def test_a_missing_fact_is_an_error_not_a_silent_no(library: TemplateLibrary) -> None:
    with pytest.raises(ValidationError) as caught:
        visible_items(library.latest("zicht-op-veiligheid"), {}, {})
    assert caught.value.code == "fact_missing"
    assert caught.value.facts["fact"] == "has_children"


def test_answers_are_checked_against_the_item(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    run = start_run(kindcheck, 1, "consulent-a", STARTED)
    for item_id, value in [
        ("kinderen_aanwezig", "deels"),  # this item allows only ja / nee
        ("kinderen_aanwezig", "Ja"),
        ("afspraken_kinderen", "   "),  # free text may not be blank
    ]:
        with pytest.raises(ValidationError) as caught:
            set_answer(run, kindcheck, item_id, value)
        assert caught.value.code == "invalid_answer"
    with pytest.raises(ValidationError) as caught:
        set_answer(run, kindcheck, "bestaat_niet", "ja")
    assert caught.value.code == "unknown_item"


# --- Completion and read-only records.


def _complete_kindcheck(library: TemplateLibrary) -> ChecklistRun:
    kindcheck = library.latest("kindcheck")
    run = start_run(kindcheck, 1, "consulent-a", STARTED)
    run = _fill(
        run,
        kindcheck,
        kinderen_aanwezig="ja",
        kinderen_gezien="ja",
        veiligheid_beoordeeld="deels",
        kind_slachtoffer_of_getuige="nee",
    )
    run = set_outcome(run, kindcheck, "actie_in_plan", "Oudste kind nog spreken.")
    return complete(run, kindcheck, {"has_children": True, "unused": 3}, FINISHED)


def test_completion_needs_every_visible_required_item_and_the_outcome(
    library: TemplateLibrary,
) -> None:
    kindcheck = library.latest("kindcheck")
    run = _fill(start_run(kindcheck, 1, "a", STARTED), kindcheck, kinderen_aanwezig="ja")
    with pytest.raises(ValidationError) as caught:
        validate_for_completion(run, kindcheck, {"has_children": True})
    assert caught.value.code == "required_missing"
    problems = caught.value.facts["problems"]
    assert {p.item_id for p in problems if p.code == "required_missing"} == {
        "kinderen_gezien",
        "veiligheid_beoordeeld",
        "kind_slachtoffer_of_getuige",
    }
    assert any(p.code == "outcome_missing" for p in problems)


def test_an_outcome_decision_needs_a_reason(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    run = _fill(start_run(kindcheck, 1, "a", STARTED), kindcheck, kinderen_aanwezig="nee")
    run = set_outcome(run, kindcheck, "geen_extra_actie", reason="  ")
    with pytest.raises(ValidationError) as caught:
        complete(run, kindcheck, {"has_children": False}, FINISHED)
    assert (caught.value.code, caught.value.facts["item_id"]) == (
        "reason_required",
        "vervolg_kinderen",
    )


def test_complete_returns_a_new_completed_run_with_a_facts_snapshot(
    library: TemplateLibrary,
) -> None:
    done = _complete_kindcheck(library)
    assert done.completed and done.completed_at == FINISHED
    assert dict(done.facts) == {"has_children": True}  # only facts the template uses
    assert done.outcome == Answer("actie_in_plan", "Oudste kind nog spreken.")


def test_complete_drops_answers_to_items_that_ended_up_hidden(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    run = _fill(
        start_run(kindcheck, 2, "a", STARTED),
        kindcheck,
        kinderen_aanwezig="ja",
        kinderen_gezien="nee",
    )
    run = set_answer(run, kindcheck, "kinderen_aanwezig", "nee", "Kinderen wonen bij oma.")
    run = set_outcome(run, kindcheck, "geen_extra_actie", "Geen kinderen in zorg.")
    done = complete(run, kindcheck, {"has_children": False}, FINISHED)
    assert set(done.answers) == {"kinderen_aanwezig"}


def test_a_completed_run_is_read_only(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    done = _complete_kindcheck(library)
    for change in (
        lambda: set_answer(done, kindcheck, "kinderen_gezien", "nee"),
        lambda: clear_answer(done, kindcheck, "kinderen_gezien"),
        lambda: set_outcome(done, kindcheck, "vt_consulteren", "Toch zorgen."),
        lambda: complete(done, kindcheck, {"has_children": True}, FINISHED),
    ):
        with pytest.raises(ValidationError) as caught:
            change()
        assert caught.value.code == "run_completed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        done.author = "iemand anders"  # type: ignore[misc]
    with pytest.raises(TypeError):
        done.answers["kinderen_gezien"] = Answer("nee")  # type: ignore[index]


def test_editing_returns_a_new_run_and_leaves_the_old_one_alone(
    library: TemplateLibrary,
) -> None:
    kindcheck = library.latest("kindcheck")
    before = start_run(kindcheck, 1, "a", STARTED)
    after = set_answer(before, kindcheck, "kinderen_aanwezig", "ja")
    assert dict(before.answers) == {} and after.answers["kinderen_aanwezig"] == Answer("ja")
    assert dict(clear_answer(after, kindcheck, "kinderen_aanwezig").answers) == {}


def test_completion_before_the_start_is_refused(library: TemplateLibrary) -> None:
    kindcheck = library.latest("kindcheck")
    run = _fill(start_run(kindcheck, 1, "a", STARTED), kindcheck, kinderen_aanwezig="nee")
    run = set_outcome(run, kindcheck, "geen_extra_actie", "Geen kinderen.")
    with pytest.raises(ValidationError) as caught:
        complete(run, kindcheck, {"has_children": False}, STARTED - timedelta(seconds=1))
    assert caught.value.code == "completed_before_started"


# --- Meldcode: acute or structural unsafety makes melden the norm.


def _meldcode_run(library: TemplateLibrary, acuut: str) -> ChecklistRun:
    meldcode = library.latest("meldcode-afweging")
    run = start_run(meldcode, 3, "consulent-b", STARTED)
    return _fill(
        run,
        meldcode,
        vermoeden="ja",
        acuut_structureel=acuut,
        hulp_mogelijk="ja",
        hulp_aanvaard="ja",
        hulp_resultaat="nvt",
        besluit_zelf_hulp="hulp",
    )


def test_niet_melden_with_acute_unsafety_needs_a_written_deviation_reason(
    library: TemplateLibrary,
) -> None:
    meldcode = library.latest("meldcode-afweging")
    run = set_answer(_meldcode_run(library, acuut="ja"), meldcode, "besluit_melden", "niet_melden")
    assert [r.id for r in active_rules(meldcode, {}, run.answers)] == ["melden_is_norm"]
    with pytest.raises(ValidationError) as caught:
        complete(run, meldcode, {}, FINISHED)
    assert caught.value.code == "deviation_reason_required"
    assert caught.value.facts["item_id"] == "besluit_melden"
    assert caught.value.facts["rule"] == "afwijking_meldnorm"

    reason = "Veiligheid is vandaag geregeld met politie; VT is geconsulteerd en adviseert zo."
    run = set_answer(run, meldcode, "besluit_melden", "niet_melden", reason)
    done = complete(run, meldcode, {}, FINISHED)
    assert done.answers["besluit_melden"].note == reason
    # The deviation stays visible on the record, e.g. for printing.
    assert [(i, r.code) for i, r in deviations(meldcode, done.facts, done.answers)] == [
        ("besluit_melden", "afwijking_meldnorm")
    ]


def test_melden_with_acute_unsafety_is_no_deviation(library: TemplateLibrary) -> None:
    meldcode = library.latest("meldcode-afweging")
    run = set_answer(_meldcode_run(library, "ja"), meldcode, "besluit_melden", "melden", "Norm.")
    assert deviations(meldcode, {}, run.answers) == ()
    # Both decisions can be yes: melden and zelf hulp bieden are separate (000:1057-1060).
    done = complete(run, meldcode, {}, FINISHED)
    assert (done.answers["besluit_melden"].value, done.answers["besluit_zelf_hulp"].value) == (
        "melden",
        "hulp",
    )


def test_niet_melden_without_acute_unsafety_still_needs_an_ordinary_reason(
    library: TemplateLibrary,
) -> None:
    meldcode = library.latest("meldcode-afweging")
    run = set_answer(_meldcode_run(library, "nee"), meldcode, "besluit_melden", "niet_melden")
    problems = completion_problems(run, meldcode, {})
    assert [(p.code, p.item_id) for p in problems] == [("reason_required", "besluit_melden")]


def test_no_suspicion_closes_the_meldcode_without_step_5(library: TemplateLibrary) -> None:
    meldcode = library.latest("meldcode-afweging")
    run = set_answer(start_run(meldcode, 3, "b", STARTED), meldcode, "vermoeden", "nee")
    assert missing_required(meldcode, {}, run.answers) == ("geen_vermoeden_toelichting",)
    run = set_answer(run, meldcode, "geen_vermoeden_toelichting", "Blauwe plek komt van sport.")
    assert complete(run, meldcode, {}, FINISHED).completed


# --- Verplichte consultatie (rule 5): serious threat, or two or more situations.


@pytest.mark.parametrize(
    ("answers", "mandatory"),
    [
        ({"ernstige_dreiging": "ja"}, True),
        ({"kinderen_betrokken": "ja"}, False),
        ({"kinderen_betrokken": "ja", "eerder_huisverbod": "ja"}, True),
        ({"herhaald_contact": "ja", "geen_toegang": "ja", "zorgafhankelijke_ouders": "ja"}, True),
    ],
)
def test_mandatory_consultation_is_derived(
    library: TemplateLibrary, answers: dict[str, str], mandatory: bool
) -> None:
    template = library.latest("verplichte-consultatie-vt")
    given = {item_id: Answer(value) for item_id, value in answers.items()}
    assert bool(active_rules(template, {}, given)) is mandatory


def test_skipping_a_mandatory_consultation_needs_a_reason(library: TemplateLibrary) -> None:
    template = library.latest("verplichte-consultatie-vt")
    run = start_run(template, 4, "c", STARTED)
    run = _fill(
        run,
        template,
        ernstige_dreiging="nee",
        kinderen_betrokken="ja",
        zorgafhankelijke_ouders="nee",
        herhaald_contact="ja",
        geen_toegang="nee",
        eerder_huisverbod="nee",
    )
    run = set_outcome(run, template, "niet_nodig")
    with pytest.raises(ValidationError) as caught:
        validate_for_completion(run, template, {})
    assert (caught.value.code, caught.value.facts["rule"]) == (
        "deviation_reason_required",
        "afwijking_consultatieplicht",
    )


# --- Versions: an old run keeps rendering with its own version.


def _library_with_v2(tmp_path: Path) -> TemplateLibrary:
    shutil.copy(TEMPLATE_DIR / "kindcheck.v1.json", tmp_path)
    raw = json.loads((TEMPLATE_DIR / "kindcheck.v1.json").read_text(encoding="utf-8"))
    raw["version"] = 2
    items = raw["sections"][1]["items"]
    raw["sections"][1]["items"] = [i for i in items if i["id"] != "kinderen_gezien"] + [
        {
            "id": "kind_eigen_woorden",
            "kind": "text",
            "text": "Wat zegt het kind zelf?",
            "source": ["004:1281-1284"],
        }
    ]
    (tmp_path / "kindcheck.v2.json").write_text(json.dumps(raw), encoding="utf-8")
    return load_library(tmp_path)


def test_a_new_template_version_leaves_an_old_run_intact_and_renderable(
    library: TemplateLibrary, tmp_path: Path
) -> None:
    done = _complete_kindcheck(library)
    versions = _library_with_v2(tmp_path)
    assert versions.versions("kindcheck") == (1, 2)
    assert versions.latest("kindcheck").version == 2

    own = template_for_run(versions, done)
    assert own.version == 1
    shown = _ids(visible_items(own, done.facts, done.answers))
    assert "kinderen_gezien" in shown and "kind_eigen_woorden" not in shown
    assert all(item_id in shown for item_id in done.answers)

    newest = versions.latest("kindcheck")
    assert "kinderen_gezien" not in _ids(visible_items(newest, done.facts, done.answers))


def test_a_run_cannot_be_edited_with_another_version(
    library: TemplateLibrary, tmp_path: Path
) -> None:
    versions = _library_with_v2(tmp_path)
    run = start_run(versions.get("kindcheck", 1), 5, "a", STARTED)
    with pytest.raises(ValidationError) as caught:
        set_answer(run, versions.latest("kindcheck"), "kinderen_aanwezig", "ja")
    assert caught.value.code == "template_mismatch"
    with pytest.raises(NotFound):
        versions.get("kindcheck", 9)
    with pytest.raises(NotFound):
        versions.latest("bestaat-niet")


# --- Persistence shape and the overdue helper.


def test_answers_round_trip_through_json() -> None:
    answers = {"b": Answer("nee", "Geen kinderen."), "a": Answer("ja")}
    text = json.dumps(answers_to_json(answers))
    assert answers_from_json(json.loads(text)) == answers


TODAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("last_completed", "interval_days", "overdue"),
    [
        (None, None, False),  # not a periodic checklist
        (date(2020, 1, 1), None, False),
        (None, 42, True),  # periodic and never done
        (TODAY - timedelta(days=42), 42, False),  # due today is not overdue yet
        (TODAY - timedelta(days=43), 42, True),
        (TODAY, 42, False),
    ],
)
def test_checklist_overdue(
    last_completed: date | None, interval_days: int | None, overdue: bool
) -> None:
    assert checklist_overdue(last_completed, interval_days, TODAY) is overdue
