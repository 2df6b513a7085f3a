"""Inferring a leaf's scoring rule from its scoring text (评分标准), only where it is clear.

Why a module of its own, and why so strict: a rule read wrongly from free text
scores every town wrongly without anyone noticing. So the text is cut into
sentences and every sentence that speaks of points must match one of a few
unambiguous shapes; a single sentence that does not (酌情扣分, a range of points,
a bonus) leaves the whole indicator ``manual``. Whatever is inferred carries
``inferred: true`` and the original text stays in ``description``.

Shapes recognised (digits may be full-width):

* gate — "未开展不得分", "未建立…的，本项不得分" -> ``check`` (alone) or the
  ``gate`` of a ``deduct`` rule;
* per item — "每发现一起扣1分", "有一项扣3分" -> ``per_item`` clause;
* threshold — "少于2次的，扣2分" (lt 2), "办结率未达到95%的扣2分" (lt 0.95),
  "低于90%以下的…" (``以下`` includes the number: le), "超过3次的扣1分" (gt);
  "…的不得分" after a threshold deducts the whole points;
* flag — "未依法决策造成重大损失的，扣5分" -> ``flag`` clause;
* caps and floors — "最多扣3分" caps the clause before it; "扣完为止" is what
  every deduct rule does anyway;
* ratio — "达到100%得满分" -> ``ratio`` with that target and floor 0 (an
  assumption the summary states);
* full marks — "按要求完成得满分" with a gate, or alone -> ``check``.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import frozen

from anting_rule_of_law.tableimport.text import half_width_digits, strip_numbering

__all__ = ["Inference", "infer_rule"]

_NUM = r"(\d+(?:\.\d+)?)"
_SENTENCE_END = re.compile(r"[。；;\n\r]+")
#: A sub-item number inside a cell: "（1）…（2）…" or "1.…2.…" after punctuation.
_INLINE_ITEM = re.compile(
    r"(?:(?<=^)|(?<=[。；;：:\s]))\s*(?:[（(]\d+[）)]|\d+[、.．](?!\d)|[①-⑳])"
)
#: Split after a deduction so "每发现一起扣1分，扣完为止" gives two pieces.
_AFTER_SCORE = re.compile(r"(?<=分)[，,]\s*")
_FILLER = re.compile(
    r"^(?:本项|该项|此项)?(?:分值)?(?:扣完为止|扣完即止|扣完本项分值为止|本项分值扣完为止|扣完该项分值为止"
    r"|扣至0分为止|扣至零分为止|直至扣完|最低(?:为|得)?0分|不倒扣分?|不计负分|扣分不超过本项分值)$"
)
_CAP = re.compile(
    r"^(?:本项|该项|此项)?(?:累计)?(?:最多|最高|至多)(?:累计)?扣" + _NUM + r"分(?:为止)?$"
    r"|^扣满" + _NUM + r"分为止$"
    r"|^(?:累计)?扣分(?:不超过|最多)" + _NUM + r"分$"
)
_SCORING_WORD = re.compile(r"扣|得分|不得分|满分|计分|加分|减分|酌情|评分|赋分|给分|记分|\d\s*分")
_DEDUCT = re.compile(r"扣(?:除)?\s*" + _NUM + r"\s*分")
_ZERO = re.compile(r"(?:该项|本项|此项)?(?:不得分|不计分|得0分|计0分|记0分|为0分)$")
_VAGUE = re.compile(r"酌情|视情|适当|[-~～至到]\s*\d+(?:\.\d+)?\s*分|加分|减半|最高得|最多得")
_NEGATION = re.compile(r"^(?:凡|如|若|对)?(?:未|没有|无|不)")
_PERIOD = r"(?:年度?|季度?|月|半年|周|天|日)"
_PER_ITEM = re.compile(
    rf"每(?!{_PERIOD})|^(?:凡|如|若)?(?:有|发现|出现|存在)?一(?:项|起|次|件|个|例|处|人次|条|篇|家|份|宗)"
)
#: "每季度少于1次" is a threshold per period: not one clause.
_PER_PERIOD = re.compile(r"每(?:季度?|月|半年|周|天|日)")
_LESS = "少于|低于|不足|未达到|没有达到|未达|达不到|不到|小于"
_MORE = "超过|多于|高于|大于"
_THRESHOLD = re.compile(rf"({_LESS}|{_MORE})\s*{_NUM}\s*(%|‰)?")
_BOUND_SUFFIX = re.compile(_NUM + r"\s*(%|‰)?\s*(?:[^\d,，。]{0,4}?)(及以下|以下|及以上|以上)")
_RATIO = re.compile(
    r"^(?:[^，,]*?)(?:达到|达|为|实现)\s*"
    + _NUM
    + r"\s*%\s*(?:及以上|以上)?(?:的)?[，,]?\s*(?:得|计|给|记)满分$"
)
_FULL = re.compile(r"(?:得|计|给|记)满分$")
_PROPORTIONAL = re.compile(
    r"^(?:否则|未达到的?|其余|不足的?)?[，,]?按(?:完成)?比例(?:得分|计分|折算)$"
)


@frozen
class Inference:
    """The rule mapping for a leaf, and what the summary should say about it."""

    rule: dict[str, Any]
    #: Short remark for the summary (e.g. the ratio floor assumption); "" when none.
    note: str = ""

    @property
    def inferred(self) -> bool:
        return bool(self.rule.get("inferred"))

    @property
    def type(self) -> str:
        return str(self.rule["type"])


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    for sentence in _SENTENCE_END.split(half_width_digits(text)):
        for item in _INLINE_ITEM.split(sentence):
            for piece in _AFTER_SCORE.split(item):
                piece = strip_numbering(piece.strip(" \t，,：:、")).strip(" \t，,：:")
                if piece:
                    out.append(piece)
    return out


def _scale(number: str, unit: str | None) -> float:
    value = float(number)
    if unit == "%":
        return value / 100
    if unit == "‰":
        return value / 1000
    return value


def _threshold(piece: str) -> tuple[str, float] | None:
    m = _THRESHOLD.search(piece)
    if m is not None:
        op = "lt" if re.fullmatch(_LESS, m.group(1)) else "gt"
        # "少于2次（含）" includes the number itself
        if re.search(r"[（(]含[）)]", piece[m.end() : m.end() + 6]):
            op = "le" if op == "lt" else "ge"
        return op, _scale(m.group(2), m.group(3))
    m = _BOUND_SUFFIX.search(piece)
    if m is not None:
        # 以上/以下 include the number itself (法律上"以上、以下"包括本数)
        op = "le" if m.group(3).endswith("以下") else "ge"
        return op, _scale(m.group(1), m.group(2))
    return None


def _classify(piece: str, points: float) -> tuple[str, dict[str, Any] | float | str | None]:
    """(kind, payload): gate / clause / cap / ratio / full / proportional / filler / text / unknown."""
    if _FILLER.match(piece):
        return "filler", None
    cap = _CAP.match(piece)
    if cap is not None:
        return "cap", float(next(g for g in cap.groups() if g is not None))
    if not _SCORING_WORD.search(piece):
        return "text", None
    if _VAGUE.search(piece):
        return "unknown", None
    if _PROPORTIONAL.match(piece):
        return "proportional", None
    ratio = _RATIO.match(piece)
    if ratio is not None:
        return "ratio", float(ratio.group(1)) / 100
    deducts = _DEDUCT.findall(piece)
    zero = _ZERO.search(piece) is not None
    threshold = _threshold(piece)
    if len(deducts) > 1 or (deducts and zero):
        return "unknown", None
    if threshold is not None and (deducts or zero):
        if _PER_PERIOD.search(piece):
            return "unknown", None
        op, value = threshold
        amount = float(deducts[0]) if deducts else points
        return "clause", {"kind": "threshold", "op": op, "threshold": value, "amount": amount}
    if deducts:
        before = piece[: _DEDUCT.search(piece).start()]  # type: ignore[union-attr]
        if not before.strip(" ，,的"):
            return "unknown", None  # "扣2分" with no condition
        kind = "per_item" if _PER_ITEM.search(before) else "flag"
        return "clause", {"kind": kind, "amount": float(deducts[0])}
    if zero and _NEGATION.search(piece):
        return "gate", piece
    if _FULL.search(piece) and not re.search(r"\d", piece):
        return "full", None
    return "unknown", None


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def infer_rule(text: str | None, points: float) -> Inference:
    """The rule for a leaf worth ``points`` whose scoring text is ``text``.

    ``manual`` (not marked inferred) whenever any scoring sentence is unclear.
    """
    description = (text or "").strip()
    manual = Inference(
        {"type": "manual", "description": description} if description else {"type": "manual"}
    )
    if not description:
        return manual
    gates: list[str] = []
    clauses: list[dict[str, Any]] = []
    ratios: list[float] = []
    full = proportional = False
    for piece in _pieces(description):
        kind, payload = _classify(piece, points)
        if kind == "unknown":
            return manual
        if kind == "gate":
            gates.append(str(payload))
        elif kind == "clause":
            assert isinstance(payload, dict)
            clauses.append({"id": f"c{len(clauses) + 1}", "text": piece, **payload})
        elif kind == "cap":
            if not clauses or clauses[-1]["kind"] != "per_item" or "max" in clauses[-1]:
                return manual
            clauses[-1]["max"] = payload
        elif kind == "ratio":
            assert isinstance(payload, float)
            ratios.append(payload)
        elif kind == "full":
            full = True
        elif kind == "proportional":
            proportional = True
    if ratios:
        if len(ratios) > 1 or gates or clauses or full or ratios[0] <= 0:
            return manual
        target = ratios[0]
        rule = {
            "type": "ratio",
            "target": _num(target),
            "floor": 0,
            "description": description,
            "inferred": True,
        }
        return Inference(rule, note=f"floor 0 assumed (target {_num(target)})")
    if proportional:
        return manual
    if clauses:
        for clause in clauses:
            for key in ("amount", "threshold", "max"):
                if key in clause:
                    clause[key] = _num(clause[key])
        deduct: dict[str, Any] = {"type": "deduct"}
        if gates:
            deduct["gate"] = "；".join(gates)
        deduct.update({"clauses": clauses, "description": description, "inferred": True})
        return Inference(deduct)
    if gates or full:
        return Inference({"type": "check", "description": description, "inferred": True})
    return manual
