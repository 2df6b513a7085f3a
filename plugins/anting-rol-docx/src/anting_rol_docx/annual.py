"""The draft of the annual report on building a law-based government (法治政府建设年度报告).

Assembled from a scored self-assessment, in the legal order of its five parts
(厅字〔2019〕28号):

一、主要举措和成效 — per first-level indicator, one paragraph per second-level one,
    built from its specific indicators' evidence and figures exactly as the town
    typed them ("1319件/1333件，98.94%"); indicators the framework marks as
    first-responsible-person duties go to part 三 instead; an indicator that scored
    nothing is left out.
二、存在的不足和原因 — the deductions of the gap list, per first-level indicator,
    each with the town's reason (or the deduction clauses that applied). Points not
    earned from bonus items are opportunities, not shortcomings, and stay out.
三、党政主要负责人履行推进法治建设第一责任人职责情况 — the indicators marked
    ``first_responsible_duty`` in the framework.
四、{year+1}年度主要安排 — one item per deduction, with the responsible department.
五、其他需要报告的情况 — veto items that fired.

Whatever the data cannot say is a visible placeholder (【待补充：…】); a part that
has material gets none. The draft ends with the list of placeholders and a
checklist for publication (before 1 April of the next year).

One draft per unit and year, from its latest stage (核定 over 初审 over 自评).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from attrs import frozen

from anting_rol_docx.blocks import (
    Block,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Span,
    placeholders,
)
from anting_rol_docx.words import numbered, ordinal, placeholder, word
from anting_rule_of_law.reporting import (
    Lang,
    RenderOptions,
    gap_parts,
    localized,
    report_document,
    score_text,
    stage_name,
)

__all__ = ["build_drafts", "figures", "latest_stages"]

#: A title wider than this many characters is broken before 法治政府: a line of the
#: 156 mm text block holds 20 二号 (22 pt) characters, less the space Word and
#: LibreOffice put between Chinese characters and digits.
_TITLE_CHARS = 19


def build_drafts(scorecard: Any, lang: Lang, *, title: str = "") -> Document:
    """Every unit-year's draft, one after another (a page break between two)."""
    doc = report_document(scorecard, RenderOptions(lang=lang, detail="full"))
    fw = scorecard.framework
    results = latest_stages(doc["results"])
    blocks: list[Block] = []
    titles = []
    for i, result in enumerate(results):
        if i:
            blocks.append(PageBreak())
        draft = _Draft(fw, doc, result, lang)
        heading = title or draft.title
        titles.append(heading.replace("\n", ""))
        blocks.append(Heading(0, heading))
        blocks.extend(draft.blocks())
    whole = titles[0] if len(titles) == 1 else word("drafts", lang, n=len(titles))
    return Document(title=whole, blocks=blocks, lang=lang)


def latest_stages(results: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One result per (unit, year): the last stage (the document lists stages in
    process order within a unit-year)."""
    latest: dict[tuple[str, int], Mapping[str, Any]] = {}
    for result in results:
        latest[(str(result["unit"]["code"]), int(result["year"]))] = result
    return list(latest.values())


def figures(inputs: Mapping[str, Any] | None, lang: str) -> str:
    """A specific indicator's figures: in Chinese as the town typed them ("1319件/1333件，
    98.94%"); in English the numbers ("1319/1333, 98.94%"). Empty when it has none
    (a yes/no, a grade, a deduction count)."""
    if not inputs:
        return ""
    raw = inputs.get("raw") or {}

    def shown(key: str) -> str:
        typed = raw.get(key)
        if lang == "zh" and typed not in (None, ""):
            return str(typed)
        value = inputs.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return "" if typed is None else str(typed)
        text = f"{value * 100:.6g}%" if key == "rate" else f"{value:.15g}"
        bound = inputs.get("rate_bound") if key == "rate" else None
        if bound == "min":
            return f"at least {text}"
        if bound == "max":
            return f"at most {text}"
        return text

    parts = []
    numerator, denominator = shown("numerator"), shown("denominator")
    if numerator and denominator:
        parts.append(f"{numerator}/{denominator}")
    elif numerator or denominator:
        parts.append(numerator or denominator)
    parts += [text for text in (shown("rate"), shown("count"), shown("value")) if text]
    return ("，" if lang == "zh" else ", ").join(parts)


def _width(text: str) -> float:
    """Printed width in full-width characters (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _clean(text: str) -> str:
    return str(text).strip().rstrip("。；;.，, ")


@frozen
class _Material:
    """What one specific indicator gives the draft; ``source`` is the kind of source
    its assessment entry states (``report``, ``illustrative``), or empty."""

    figures: str
    evidence: list[str]
    source: str


@frozen
class _Group:
    """A paragraph's material: a node, the figures of the node itself when it is a
    specific indicator, and the sentences of its specific indicators."""

    node: Any
    figures: str
    sentences: list[list[Span | str]]


class _Draft:
    """One unit-year's draft."""

    def __init__(
        self, fw: Any, doc: Mapping[str, Any], result: Mapping[str, Any], lang: str
    ) -> None:
        self.fw = fw
        self.doc = doc
        self.result = result
        self.lang = lang
        self.zh = lang == "zh"
        self.year = int(result["year"])
        self.unit = localized(result["unit"]["name"], result["unit"].get("name_en"), lang)
        self.audit = {a["code"]: a for a in result.get("audit") or []}
        self.clauses: dict[str, list[Mapping[str, Any]]] = {}
        for c in result.get("clauses") or []:
            self.clauses.setdefault(c["code"], []).append(c)
        self.duties = tuple(leaf.code for leaf in fw.first_responsible_duties())
        gaps = result.get("gaps") or []
        # the gap list's first part (扣分事项); unearned bonus points are its second
        rectifiable = {row[0] for row in gap_parts(gaps, lang)[0]}
        self.deductions = [g for g in gaps if str(g["code"]) in rectifiable]

    # -- pieces -------------------------------------------------------------------
    @property
    def title(self) -> str:
        text = word("title", self.lang, unit=self.unit, year=self.year)
        if self.zh and _width(text) > _TITLE_CHARS and "法治政府" in text:
            head, _, tail = text.partition("法治政府")
            return f"{head}\n法治政府{tail}"
        return text

    def name(self, node: Any) -> str:
        return localized(node.name, node.name_en, self.lang)

    def ph(self, what: str, *, check: bool = False) -> Span:
        return Span(placeholder(what, self.lang, check=check), placeholder=True)

    def sep(self) -> str:
        return "" if self.zh else " "

    def blocks(self) -> list[Block]:
        lang = self.lang
        out: list[Block] = [
            Paragraph([self.ph(word("addressee", lang)), "：" if self.zh else ":"], align="left"),
            self.opening(),
        ]
        next_year = self.year + 1
        parts = (
            (word("section_1", lang), self.measures()),
            (word("section_2", lang), self.shortfalls()),
            (word("section_3", lang), self.duty_part()),
            (word("section_4", lang, year=next_year), self.plans()),
            (word("section_5", lang), self.other()),
        )
        for n, (heading, body) in enumerate(parts, 1):
            out.append(Heading(1, numbered(1, n, heading, lang)))
            out.extend(body)
        out.append(Paragraph([""], align="left"))
        out.append(Paragraph([self.ph(word("signatory", lang))], align="right"))
        out.append(Paragraph([self.ph(word("date", lang, year=next_year))], align="right"))
        out.extend(self.annex(out))
        return out

    def opening(self) -> Paragraph:
        lang = self.lang
        total = self.result["total"]
        fw = self.doc["framework"]
        spans: list[Span | str] = [
            word("opening", lang, year=self.year, unit=self.unit),
            self.ph(word("overview", lang)),
        ]
        stage = stage_name(self.result["stage"], lang)
        if total.get("score") is not None:
            spans.append("。" if self.zh else ". ")
            spans.append(
                word(
                    "assessed",
                    lang,
                    framework=localized(fw.get("title"), fw.get("title_en"), lang),
                    stage=stage,
                    score=score_text(total.get("score")),
                    max=score_text(total.get("max")),
                )
            )
            grade = localized(total.get("grade_name"), total.get("grade_name_en"), lang)
            if grade:
                spans.append(word("grade", lang, grade=grade))
        spans.append(word("report_follows", lang))
        return Paragraph(spans)

    # -- 一 --------------------------------------------------------------------------
    def measures(self) -> list[Block]:
        out: list[Block] = []
        duties = set(self.duties)

        def keep(code: str) -> bool:
            return code not in duties

        for n, area in enumerate(self.fw.roots(), 1):
            out.append(Heading(2, numbered(2, n, self.name(area), self.lang)))
            paragraphs = self.paragraphs(self.groups(area.code, keep))
            out.extend(
                paragraphs
                or [Paragraph([self.ph(word("area_measures", self.lang, area=self.name(area)))])]
            )
        return out

    def groups(self, code: str | None, keep: Callable[[str], bool]) -> list[_Group]:
        """Each child of ``code`` with the material of its kept specific indicators."""
        out = []
        for child in self.fw.children(code):
            if child.is_leaf:
                found = self.material(child) if keep(child.code) else None
                if found is not None:
                    body = self.join(found.evidence)
                    sentence: list[Span | str] = [self.end(body)] if body else []
                    out.append(_Group(child, found.figures, [sentence + self.check(found)]))
                continue
            sentences = [
                self.sentence(leaf)
                for leaf in self.fw.walk(child.code)
                if leaf.is_leaf and keep(leaf.code) and self.material(leaf) is not None
            ]
            if sentences:
                out.append(_Group(child, "", sentences))
        return out

    def paragraphs(self, groups: Sequence[_Group]) -> list[Block]:
        """One paragraph per group: 一是{name}（{figures}）。{sentences}"""
        out: list[Block] = []
        for n, group in enumerate(groups, 1):
            name = self.name(group.node)
            if group.figures:
                name += f"（{group.figures}）" if self.zh else f" ({group.figures})"
            spans: list[Span | str] = [ordinal(n, self.lang) + self.end(name)]
            for sentence in group.sentences:
                if sentence:
                    spans += [self.sep(), *sentence]
            out.append(Paragraph(spans))
        return out

    def material(self, leaf: Any) -> _Material | None:
        """A specific indicator's figures and evidence; ``None`` when it scored nothing
        or has neither."""
        row = self.audit.get(leaf.code)
        if row is None or row.get("status") not in ("scored", "ok"):
            return None
        if not (row.get("score") or 0) > 0:
            return None
        figs = figures(row.get("inputs"), self.lang)
        evidence = [_clean(e) for e in row.get("evidence") or [] if _clean(e)]
        source = row.get("source")
        kind = str(source.get("kind") or "") if isinstance(source, Mapping) else ""
        return _Material(figs, evidence, kind) if figs or evidence else None

    def sentence(self, leaf: Any) -> list[Span | str]:
        """{name}（{figures}）：{evidence}。"""
        found = self.material(leaf)
        if found is None:
            return []
        head = self.name(leaf)
        if found.figures:
            head += f"（{found.figures}）" if self.zh else f" ({found.figures})"
        body = self.join(found.evidence)
        text = self.end(f"{head}{'：' if self.zh else ': '}{body}" if body else head)
        return [text, *self.check(found)]

    def check(self, found: _Material) -> list[Span | str]:
        """A highlighted note after a sentence resting on an illustrative value (an
        assessment that says its figures are examples, not records)."""
        if found.source != "illustrative":
            return []
        return [self.ph(word("illustrative", self.lang), check=True)]

    def join(self, texts: Sequence[str]) -> str:
        return ("；" if self.zh else "; ").join(texts)

    def end(self, text: str) -> str:
        return text + ("。" if self.zh else ".")

    # -- 二 --------------------------------------------------------------------------
    def shortfalls(self) -> list[Block]:
        out: list[Block] = []
        lang = self.lang
        n = 0
        for area in self.fw.roots():
            below = {leaf.code for leaf in self.fw.walk(area.code) if leaf.is_leaf}
            items = [g for g in self.deductions if g["code"] in below or g["code"] == area.code]
            if not items:
                continue
            n += 1
            out.append(
                Heading(
                    2, numbered(2, n, word("area_shortfalls", lang, area=self.name(area)), lang)
                )
            )
            for i, gap in enumerate(items, 1):
                name = localized(gap.get("name"), gap.get("name_en"), lang)
                lead = f"{ordinal(i, lang)}{name}。" if self.zh else f"{ordinal(i, lang)}{name}. "
                out.append(Paragraph([lead, *self.why(gap)]))
        return out or [Paragraph([self.ph(word("no_shortfalls", lang))])]

    def why(self, gap: Mapping[str, Any]) -> list[Span | str]:
        reason = _clean(localized(gap.get("reason"), gap.get("reason_en"), self.lang))
        if reason:
            return [reason + ("。" if self.zh else ".")]
        fired = [
            _clean(localized(c.get("text"), c.get("text_en"), self.lang))
            for c in self.clauses.get(gap["code"], [])
            if (c.get("deduction") or 0) > 0
        ]
        fired = [f for f in fired if f]
        if fired:
            joined = ("；" if self.zh else "; ").join(fired)
            return [
                word("against_standard", self.lang, clauses=joined) + ("。" if self.zh else ".")
            ]
        return [self.ph(word("shortfall_detail", self.lang))]

    # -- 三 --------------------------------------------------------------------------
    def duty_part(self) -> list[Block]:
        if not self.duties:
            return [Paragraph([self.ph(word("duties_unmarked", self.lang))])]
        duties = set(self.duties)
        parents = dict.fromkeys(self.fw.node(code).parent for code in self.duties)
        groups = [g for parent in parents for g in self.groups(parent, duties.__contains__)]
        return self.paragraphs(groups) or [Paragraph([self.ph(word("duties", self.lang))])]

    # -- 四 --------------------------------------------------------------------------
    def plans(self) -> list[Block]:
        lang = self.lang
        next_year = self.year + 1
        out: list[Block] = []
        for n, gap in enumerate(self.deductions, 1):
            name = localized(gap.get("name"), gap.get("name_en"), lang)
            out.append(Heading(2, numbered(2, n, name, lang)))
            department = localized(gap.get("department"), gap.get("department_en"), lang)
            problem = _clean(localized(gap.get("reason"), gap.get("reason_en"), lang))
            text = word(
                "plan_item",
                lang,
                department="\0",
                problem=problem or word("plan_problem", lang),
                year=next_year,
            )
            before, _, after = text.partition("\0")
            dept: Span | str = department or self.ph(word("department", lang))
            out.append(Paragraph([before, dept, after]))
        return out or [Paragraph([self.ph(word("no_plans", lang, year=next_year))])]

    # -- 五 --------------------------------------------------------------------------
    def other(self) -> list[Block]:
        fired = self.result["total"].get("vetoes") or []
        if fired:
            names = {
                v["code"]: localized(v.get("name"), v.get("name_en"), self.lang)
                for v in self.doc["framework"].get("vetoes") or []
            }
            joined = ("；" if self.zh else "; ").join(names.get(v, v) for v in fired)
            return [Paragraph([word("vetoes", self.lang, vetoes=joined)])]
        return [Paragraph([self.ph(word("other", self.lang))])]

    # -- annex -----------------------------------------------------------------------
    def annex(self, draft: Sequence[Block]) -> list[Block]:
        lang = self.lang
        next_year = self.year + 1
        out: list[Block] = [PageBreak(), Heading(1, word("placeholder_list", lang))]
        found = Counter(placeholders(draft))  # in order of first appearance
        out += [
            Paragraph([f"{i}. {text}" + (word("times", lang, n=n) if n > 1 else "")], align="left")
            for i, (text, n) in enumerate(found.items(), 1)
        ] or [Paragraph([word("none_left", lang)], align="left")]
        out.append(Heading(1, word("checklist", lang)))
        checks = (
            word("check_publish", lang, year=next_year),
            word("check_leader", lang),
            word("check_signatory", lang),
            word("check_figures", lang),
            word("check_remove", lang),
        )
        out += [Paragraph([f"□ {text}"], align="left") for text in checks]
        return out
