"""Rules 5, 6, 8 and 9 and the overdue checklist: warnings about keeping sight of safety.

Each rule reads the facts that ``storage/repo_checklists.py`` adds to ``CaseFacts.extra`` (one
grouped query for the whole caseload) and returns warnings. A warning goes away only through data:
a consultation, a documented decision, an offer, a re-weighing, a completed checklist. None can be
dismissed. Every rule looks at open households only: a closed case has no one left to act.

Two settings steer the rules (``Settings.extra``): ``consultation_threshold`` (rule 5, default 2)
and ``checklist_intervals`` ({template id: days}). The checklist service turns them into a
``SafetyRuleConfig`` once per refresh; it reaches the rules as ``CaseFacts.settings["safety"]``
(the defaults when absent). Every rule also takes an explicit ``config`` for tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .case_facts import CaseFacts, Warning
from .checklists import checklist_overdue
from .model import HouseholdStatus
from .schedule import add_months

CONSULT_TEMPLATE = "verplichte-consultatie-vt"
ZICHT_TEMPLATE = "zicht-op-veiligheid"
MELDCODE_TEMPLATE = "meldcode-afweging"
DEFAULT_CONSULTATION_THRESHOLD = 2
REPEAT_MONTHS = 6  # "in ca. zes maanden" (002:623)

# The combination criteria of rule 5 (002:620-625), in the order of the source.
CONSULT_CRITERIA = {
    "kinderen_betrokken": "kinderen betrokken",
    "zorgafhankelijke_ouders": "zorgafhankelijke ouders",
    "herhaald_contact": "herhaald contact of geen effect van het plan in zes maanden",
    "geen_toegang": "geen toegang tot het gezin bij een ernstig vermoeden",
    "eerder_huisverbod": "eerder een tijdelijk huisverbod",
}
# Rule 6 triggers (002:497, 002:413, 002:659).
SPECIALIST_TRIGGERS = {
    "eergerelateerd": "eergerelateerd geweld",
    "seksueel": "seksueel geweld",
    "ernstige_dreiging": "ernstige dreiging",
    "huisverbod": "een tijdelijk huisverbod (opgelegd of verlengd)",
    "extreme_stalking": "extreme stalking",
    "grote_dreiging": "een grote veiligheidsdreiging (zeer ernstig incident)",
}


@dataclass(frozen=True)
class PeriodicChecklist:
    template_id: str
    title: str
    interval_days: int


@dataclass(frozen=True)
class SafetyRuleConfig:
    consultation_threshold: int = DEFAULT_CONSULTATION_THRESHOLD
    periodic: tuple[PeriodicChecklist, ...] = ()


SETTINGS_KEY = "safety"  # where CaseFacts.settings carries the SafetyRuleConfig


def config_of(facts: CaseFacts) -> SafetyRuleConfig:
    config = facts.settings.get(SETTINGS_KEY)
    return config if isinstance(config, SafetyRuleConfig) else SafetyRuleConfig()


def _warning(code: str, facts: dict[str, str], severity: str = "hoog") -> Warning:
    return Warning(code, facts, severity)


def _date(extra: Mapping[str, object], key: str) -> date | None:
    value = extra.get(key)
    return value if isinstance(value, date) else None


def _dates(extra: Mapping[str, object], key: str) -> dict[str, date]:
    value = extra.get(key)
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, date)}


def _latest(extra: Mapping[str, object], *keys: str) -> date | None:
    """The newest of several dated facts (different providers contribute different ones).
    A plain loop: the caseload asks this some 12,000 times per refresh."""
    newest = None
    for key in keys:
        value = extra.get(key)
        if isinstance(value, date) and (newest is None or value > newest):
            newest = value
    return newest


def _cleared(decided_on: date | None, trigger_on: date | None) -> bool:
    """A decision dated on or after the newest triggering fact clears the warning. A trigger
    without a date (children in the household) is cleared by any decision at all."""
    if decided_on is None:
        return False
    return trigger_on is None or decided_on >= trigger_on


def _open(facts: CaseFacts) -> bool:
    return facts.status is HouseholdStatus.OPEN


def consultation_criteria(facts: CaseFacts, today: date) -> dict[str, date | None]:
    """The combination criteria of rule 5 that hold, each with the date it became known (None for
    a standing fact such as children in the household)."""
    extra = facts.extra
    found: dict[str, date | None] = {}
    if extra.get("has_children"):
        found["kinderen_betrokken"] = None
    opened = _date(extra, "opened_on")
    since = add_months(today, -REPEAT_MONTHS)
    # Open six months or more and still an incident in the last six months: the plan shows no
    # visible effect (002:623).
    if opened and opened <= since and facts.last_incident and facts.last_incident >= since:
        found["herhaald_contact"] = facts.last_incident
    for name, on in _dates(extra, "consult_criteria").items():
        if name in CONSULT_CRITERIA and name not in found:
            found[name] = on
    return found


def rule_consultation(facts: CaseFacts, today: date,
                      config: SafetyRuleConfig | None = None) -> list[Warning]:
    """Rule 5 (002:617-625): serious threat, or a combination of criteria (default two or more),
    makes consulting Veilig Thuis mandatory. Cleared by a completed consultation checklist or a
    journal entry 'Consultatie Veilig Thuis' dated after the newest triggering fact."""
    if not _open(facts):
        return []
    config = config or config_of(facts)
    threat_on = _date(facts.extra, "serious_threat_on")
    criteria = consultation_criteria(facts, today)
    enough = len(criteria) >= max(1, config.consultation_threshold)
    if threat_on is None and not enough:
        return []
    reasons = [] if threat_on is None else ["ernstige dreiging"]
    dated = [threat_on] if threat_on else []
    if enough:
        reasons += [CONSULT_CRITERIA[name] for name in CONSULT_CRITERIA if name in criteria]
        dated += [d for d in criteria.values() if d is not None]
    trigger_on = max(dated, default=None)
    if _cleared(_latest(facts.extra, "consult_run_on", "consult_journal_on"), trigger_on):
        return []
    return [_warning("consultatie_vt_verplicht", {"redenen": ", ".join(reasons)})]


def rule_specialist(facts: CaseFacts, today: date,
                    config: SafetyRuleConfig | None = None) -> list[Warning]:
    """Rule 6 (002:497, 002:413, 002:659): complex violence or a large threat → specialist case
    direction is advised (opschalen). Cleared by a documented escalation decision after the
    newest trigger: a zicht-op-veiligheid check whose 'vervolg' was decided while the advice was
    shown, or a journal entry of a case meeting or a consultation of Veilig Thuis."""
    if not _open(facts):
        return []
    decided = _latest(facts.extra, "escalation_run_on", "escalation_journal_on")
    found = _dates(facts.extra, "specialist_triggers")
    huisverbod = _date(facts.extra, "huisverbod_on")
    if huisverbod:
        found["huisverbod"] = huisverbod
    triggers = {k: d for k, d in found.items()
                if k in SPECIALIST_TRIGGERS and not _cleared(decided, d)}
    if not triggers:
        return []
    reasons = ", ".join(label for k, label in SPECIALIST_TRIGGERS.items() if k in triggers)
    return [_warning("specialistische_regie_geadviseerd", {"redenen": reasons})]


def rule_child_offer(facts: CaseFacts, today: date,
                     config: SafetyRuleConfig | None = None) -> list[Warning]:
    """Rule 8 (002:334, 002:558): every child who is victim or witness has a targeted offer or a
    recorded reason why not. The provider lists the children without either."""
    if not _open(facts):
        return []
    names = facts.extra.get("children_without_offer") or ()
    if not isinstance(names, (tuple, list)) or not names:
        return []
    return [_warning("kind_zonder_aanbod", {"namen": ", ".join(str(n) for n in names),
                                           "aantal": str(len(names))})]


def rule_police_report(facts: CaseFacts, today: date,
                       config: SafetyRuleConfig | None = None) -> list[Warning]:
    """Rule 9 (002:497, 002:517): a police report after the last re-weighing (a completed
    zicht-op-veiligheid check or meldcode-afweging, or a safety plan fixed). Same day counts as
    re-weighed: the dates of incidents carry no time."""
    if not _open(facts):
        return []
    reported = _date(facts.extra, "police_report_on")
    if reported is None:
        return []
    reweighed = _latest(facts.extra, "reweigh_run_on", "plan_fixed_on")
    if reweighed is not None and reweighed >= reported:
        return []
    return [_warning("politiemelding_herwegen", {"datum": reported.isoformat()})]


def rule_checklist_overdue(facts: CaseFacts, today: date,
                           config: SafetyRuleConfig | None = None) -> list[Warning]:
    """A periodic checklist (interval per template, overridable in the settings) whose last
    completion is older than its interval, or that was never completed: one warning each.
    Silent without the household facts (``opened_on``, storage/repo_checklists.py
    ``opened_facts``; no provider, no warning): "never completed" must mean "not in the data",
    not "not looked at"."""
    if not _open(facts) or "opened_on" not in facts.extra:
        return []
    config = config or config_of(facts)
    done = _dates(facts.extra, "checklists_completed")
    found = []
    for periodic in config.periodic:
        last = done.get(periodic.template_id)
        if checklist_overdue(last, periodic.interval_days, today):
            found.append(_warning("checklist_achterstallig", {
                "checklist": periodic.title, "dagen": str(periodic.interval_days),
                "laatst": last.isoformat() if last else "nog nooit"}, "middel"))
    return found


def rule_safety(facts: CaseFacts, today: date) -> list[Warning]:
    """All rules of this module, registered in ``domain.rules.RULES`` as one entry."""
    config = config_of(facts)
    found: list[Warning] = []
    for rule in (rule_consultation, rule_specialist, rule_child_offer, rule_police_report,
                 rule_checklist_overdue):
        found.extend(rule(facts, today, config))
    return found
