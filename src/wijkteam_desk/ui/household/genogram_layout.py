"""Where the family diagram puts everyone: generations in rows, partners side by side, the
household framed, people living elsewhere apart, the network in columns beside it. Pure geometry
(tested without painting); ``genogram.py`` draws it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QPointF, QRectF

from ...domain.model import HouseholdFile, Person, RelationshipKind

W, H = 168, 62          # a person's box
GAP, GROUP_GAP = 34, 90  # between boxes, between the household and the rest
ROW = 130               # from one generation's top to the next
PAD = 20                # household frame around its boxes
NW, NH = 178, 58        # a network member's box



@dataclass
class Layout:
    boxes: dict[int, QRectF] = field(default_factory=dict)       # person id -> box
    levels: dict[int, int] = field(default_factory=dict)
    household_frame: QRectF | None = None
    elsewhere_label: QPointF | None = None
    network: dict[int, QRectF] = field(default_factory=dict)     # network member id -> box
    network_label: QPointF | None = None


def links(file: HouseholdFile, today: date) -> tuple[list[tuple[int, int, int]], dict]:
    """Level constraints (a, b, d): level(b) = level(a) + d; and partner pairs by kind."""
    edges: list[tuple[int, int, int]] = []
    couples: dict[frozenset[int], str] = {}
    ids = {p.id for p in file.persons}
    for r in file.relationships:
        a, b = r.person_a_id, r.person_b_id
        if a not in ids or b not in ids or a == b:
            continue
        if r.kind in (RelationshipKind.OUDER_KIND, RelationshipKind.STIEFOUDER):
            edges.append((a, b, 1))
        elif r.kind is RelationshipKind.GROOTOUDER:
            edges.append((a, b, 2))
        elif r.kind in (RelationshipKind.PARTNER, RelationshipKind.EX_PARTNER):
            edges.append((a, b, 0))
            ended = r.end is not None and r.end <= today
            ex = r.kind is RelationshipKind.EX_PARTNER or ended
            key = frozenset((a, b))
            if couples.get(key) != "partner":
                couples[key] = "ex" if ex else "partner"
        elif r.kind is RelationshipKind.BROER_ZUS:
            edges.append((a, b, 0))
    return edges, couples


def _levels(persons: tuple[Person, ...], edges: list[tuple[int, int, int]],
            today: date) -> dict[int, int]:
    adjacent: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, d in edges:
        adjacent[a].append((b, d))
        adjacent[b].append((a, -d))
    level: dict[int, int] = {}
    has_adults = any(not p.is_child_on(today) for p in persons)
    for p in persons:
        if p.id in level:
            continue
        component, stack = {p.id: 0}, [p.id]
        while stack:
            u = stack.pop()
            for v, d in adjacent[u]:
                if v not in component:
                    component[v] = component[u] + d
                    stack.append(v)
        low = min(component.values())
        only_children = all(q.is_child_on(today) for q in persons if q.id in component)
        shift = 1 if only_children and has_adults and len(component) == 1 else 0
        for pid, lv in component.items():
            level[pid] = lv - low + shift
    return level


def layout(file: HouseholdFile, today: date) -> Layout:
    out = Layout()
    persons = file.persons
    edges, couples = links(file, today)
    out.levels = _levels(persons, edges, today)
    partners: dict[int, set[int]] = defaultdict(set)
    for key in couples:
        a, b = tuple(key)
        partners[a].add(b)
        partners[b].add(a)
    parents: dict[int, list[int]] = defaultdict(list)
    for a, b, d in edges:
        if d == 1:
            parents[b].append(a)
    home = {p.id for p in persons if p.lives_in_household}
    by_id = {p.id: p for p in persons}
    x_of: dict[int, float] = {}

    def ordered(ids: list[int], cross_last: bool) -> list[int]:
        """Partners next to each other; those with a partner in the other group at the edge."""
        def key(pid: int) -> tuple:
            cross = any((q in home) != (pid in home) for q in partners[pid])
            bary = [x_of[q] for q in parents[pid] if q in x_of]
            b = by_id[pid].birth_date
            return (cross if cross_last else not cross,
                    sum(bary) / len(bary) if bary else 0.0, b or date.min, pid)
        result: list[int] = []
        for pid in sorted(ids, key=key):
            if pid in result:
                continue
            result.append(pid)
            for q in sorted(partners[pid], key=key):
                if q in ids and q not in result:
                    result.append(q)
        return result

    max_level = max(out.levels.values(), default=0)
    rows_home = {lv: [p.id for p in persons if out.levels[p.id] == lv and p.id in home]
                 for lv in range(max_level + 1)}
    rows_away = {lv: [p.id for p in persons if out.levels[p.id] == lv and p.id not in home]
                 for lv in range(max_level + 1)}
    width = max((len(r) * W + (len(r) - 1) * GAP for r in rows_home.values() if r), default=0)
    away_x = width + GROUP_GAP if width else 0
    for lv in range(max_level + 1):
        y = lv * ROW
        row = ordered(rows_home[lv], cross_last=True)
        row_w = len(row) * W + (len(row) - 1) * GAP
        x = (width - row_w) / 2
        for pid in row:
            out.boxes[pid] = QRectF(x, y, W, H)
            x_of[pid] = x + W / 2
            x += W + GAP
        x = away_x
        for pid in ordered(rows_away[lv], cross_last=False):
            out.boxes[pid] = QRectF(x, y, W, H)
            x_of[pid] = x + W / 2
            x += W + GAP
    home_boxes = [out.boxes[p] for p in home]
    if home_boxes:
        frame = home_boxes[0]
        for b in home_boxes[1:]:
            frame = frame.united(b)
        out.household_frame = frame.adjusted(-PAD, -PAD - 16, PAD, PAD)
    away = [out.boxes[p.id] for p in persons if p.id not in home]
    if away:
        out.elsewhere_label = QPointF(min(b.left() for b in away), min(b.top() for b in away) - 30)
    if file.network:
        right = max((b.right() for b in out.boxes.values()), default=-GROUP_GAP)
        if out.household_frame is not None:
            right = max(right, out.household_frame.right())
        nx, top = right + GROUP_GAP, -PAD
        out.network_label = QPointF(nx, top - 22)
        per_column = max(2, max_level + 2)
        for i, n in enumerate(file.network):
            col, row_i = divmod(i, per_column)
            out.network[n.id] = QRectF(nx + col * (NW + 20), top + row_i * (NH + 16), NW, NH)
    return out
