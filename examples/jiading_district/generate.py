"""Generate the SYNTHETIC Jiading district batch: 12 township-level units x 2021-2023.

Why: a district office scores all its towns and years in one pass and ranks
them; this file shows that workflow with plausible but invented figures. Every
value is SYNTHETIC (合成数据) and says so in its row; none is a town's real
figure. The output is the library's long CSV assessment format (docs/input.md),
one row per (unit, year, indicator) plus one row per veto item.

``--review`` writes the district's pre-review (初审) of the 2023 self-assessments
instead: the towns' own inputs, re-scored where the reviewers found otherwise,
each change with the reviewers' reason (审核意见) in the ``reason`` column.

Seeded: the same seed and framework give a byte-identical CSV.

    python examples/jiading_district/generate.py [--seed N] [-o OUT.csv]
    python examples/jiading_district/generate.py --review [--seed N] [-o OUT.csv]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

from anting_rule_of_law import Framework, Indicator, load_framework

HERE = Path(__file__).resolve().parent
TARGET = HERE / "jiading_2021_2023.csv"
REVIEW_TARGET = HERE / "jiading_2023_review.csv"
REVIEW_YEAR = 2023
REVIEWER = "嘉定区依法治区办初审组（SYNTHETIC 合成示例）"
#: What reviewers write when they find less than the town claimed (合成示例).
REVIEW_FINDINGS = (
    "佐证材料不完整",
    "台账记录与填报数不符",
    "现场抽查未见相关制度文件",
    "会议纪要未载明相关内容",
)
SEED = 20240131
YEARS = (2021, 2022, 2023)
DISTRICT = "嘉定区"
SYNTHETIC = "SYNTHETIC 合成示例数据，非真实填报"

#: The 12 township-level units of Jiading District (3 sub-districts, 7 towns, 2 areas):
#: (code, name, English name).
UNITS: tuple[tuple[str, str, str], ...] = (
    ("xinchenglu", "新成路街道", "Xinchenglu Subdistrict"),
    ("zhenxin", "真新街道", "Zhenxin Subdistrict"),
    ("juyuan", "菊园新区管委会", "Juyuan New Area"),
    ("jiadingzhen", "嘉定镇街道", "Jiadingzhen Subdistrict"),
    ("nanxiang", "南翔镇", "Nanxiang Town"),
    ("anting", "安亭镇", "Anting Town"),
    ("malu", "马陆镇", "Malu Town"),
    ("xuhang", "徐行镇", "Xuhang Town"),
    ("huating", "华亭镇", "Huating Town"),
    ("waigang", "外冈镇", "Waigang Town"),
    ("jiangqiao", "江桥镇", "Jiangqiao Town"),
    ("jiading-industrial", "嘉定工业区", "Jiading Industrial Zone"),
)

COLUMNS = (
    "framework",
    "framework_version",
    "unit_code",
    "unit_name",
    "unit_name_en",
    "district",
    "year",
    "stage",
    "assessor",
    "code",
    "met",
    "grade",
    "numerator",
    "denominator",
    "rate",
    "count",
    "score",
    "reason",
    "gate",
    "clauses",
    "triggered",
    "note",
)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _fmt(value: float) -> str:
    """A number as a person would type it: no trailing ``.0``."""
    return f"{value:g}" if value != int(value) else str(int(value))


class _Town:
    """One unit's latent quality, its yearly improvement and the random stream for it."""

    def __init__(self, rng: random.Random) -> None:
        self.quality = rng.uniform(0.6, 0.95)
        self.trend = rng.uniform(-0.01, 0.04)
        self.rng = rng

    def performance(self, year_index: int) -> float:
        """How well the unit does on one indicator this year, 0..1."""
        p = self.quality + self.trend * year_index + self.rng.gauss(0.0, 0.08)
        return min(max(p, 0.0), 1.0)


def _entry(leaf: Indicator, p: float, rng: random.Random) -> dict[str, str]:
    """Plausible input values for one leaf at performance ``p`` (0 poor .. 1 excellent)."""
    rule = leaf.rule
    assert rule is not None
    kind = rule.type
    if kind == "check":
        return {"met": _yes(rng.random() < 0.55 + 0.5 * p)}
    if kind == "levels":
        grades = [g for g, _ in rule.levels]  # best first
        index = 0 if p > 0.9 else 1 if p > 0.75 else 2 if p > 0.5 else len(grades) - 1
        return {"grade": grades[min(index, len(grades) - 1)]}
    if kind == "ratio":
        return _ratio(rule.target or 0.0, rule.floor or 0.0, p, rng)
    if kind == "count":
        target = rule.target or 1.0
        count = max(0, round(target * (0.45 + 0.75 * p) + rng.gauss(0.0, target * 0.05)))
        return {"count": str(count)}
    if kind == "bonus":
        per_item = rule.per_item or 1.0
        most = round((leaf.points or per_item) / per_item)
        return {"count": str(sum(rng.random() < p - 0.25 for _ in range(most)))}
    if kind == "manual":
        points = leaf.points or 1.0
        score = round(points * (0.55 + 0.45 * p) * 10) / 10
        return {"score": _fmt(min(score, points)), "reason": "评审组实地查看后评分（合成示例）"}
    if kind == "deduct":
        return _deduct(leaf, p, rng)
    raise ValueError(f"{leaf.code}: rule {kind} is not generated")


def _ratio(target: float, floor: float, p: float, rng: random.Random) -> dict[str, str]:
    if target < floor:  # lower is better (e.g. a first-review correction rate)
        denominator = rng.randint(5, 40)
        numerator = sum(rng.random() < 0.03 * (1.2 - p) for _ in range(denominator))
        return {"numerator": str(numerator), "denominator": str(denominator)}
    if floor == 0.0 and target == 1.0:  # findings rectified out of a few
        denominator = rng.randint(0, 5)
        numerator = sum(rng.random() < 0.5 + 0.55 * p for _ in range(denominator))
        return {"numerator": str(numerator), "denominator": str(denominator)}
    rate = floor + (target - floor) * (0.35 + 0.75 * p) + rng.gauss(0.0, 0.01)
    rate = min(max(rate, floor - 0.05), 1.0)
    if rng.random() < 0.3:  # some towns report only the printed rate
        return {"rate": f"{rate * 100:.2f}%"}
    denominator = rng.randint(120, 2400)
    numerator = min(denominator, round(denominator * rate))
    return {"numerator": f"{numerator}件", "denominator": f"{denominator}件"}


def _deduct(leaf: Indicator, p: float, rng: random.Random) -> dict[str, str]:
    rule = leaf.rule
    assert rule is not None
    out: dict[str, str] = {}
    if rule.gate:
        out["gate"] = _yes(rng.random() > 0.03 * (1.0 - p))
    parts: list[str] = []
    for clause in rule.clauses:
        miss = 0.45 * (1.0 - p) ** 1.5
        if clause.kind == "flag":
            value = _yes(rng.random() < miss)
        elif clause.kind == "per_item":
            value = str(sum(rng.random() < miss for _ in range(3)))
        else:
            threshold = clause.threshold or 0.0
            short = rng.random() < miss
            if clause.op in ("lt", "le"):
                low = max(0.0, threshold * 0.5) if short else threshold
                value = _fmt(round(rng.uniform(low, threshold * (0.9 if short else 2.0))))
            else:
                value = _fmt(round(rng.uniform(0.0, threshold * (1.5 if short else 1.0))))
        parts.append(f"{clause.id}={value}")
    out["clauses"] = ";".join(parts)
    return out


def generate(framework: Framework, seed: int = SEED) -> list[dict[str, str]]:
    """The rows of the batch CSV: per unit and year, one row per leaf then one per veto."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    towns = {code: _Town(random.Random(rng.randrange(2**32))) for code, _, _ in UNITS}
    vetoed = {("zhenxin", 2022): "V4"}  # one unit-year with a capped grade, to show the effect
    for year_index, year in enumerate(YEARS):
        for code, name, name_en in UNITS:
            town = towns[code]
            common = {
                "framework": framework.id,
                "framework_version": framework.version,
                "unit_code": code,
                "unit_name": name,
                "unit_name_en": name_en,
                "district": DISTRICT,
                "year": str(year),
                "stage": "自评",
                "assessor": f"{name}（SYNTHETIC 合成示例）",
            }
            for leaf in framework.leaves():
                values = _entry(leaf, town.performance(year_index), town.rng)
                rows.append({**common, "code": leaf.code, **values, "note": SYNTHETIC})
            for veto in framework.vetoes:
                hit = vetoed.get((code, year)) == veto.code
                note = f"{SYNTHETIC}：上一年度报告逾期公开" if hit else SYNTHETIC
                rows.append({**common, "code": veto.code, "triggered": _yes(hit), "note": note})
    return rows


def _reviewed(leaf: Indicator, row: dict[str, str], rng: random.Random) -> dict[str, str] | None:
    """The row as the reviewers score it lower, or ``None`` when nothing can be taken off."""
    rule = leaf.rule
    assert rule is not None
    out = dict(row)
    if rule.type == "check" and row.get("met") == "是":
        out["met"] = "否"
    elif rule.type == "manual" and float(row.get("score") or 0) >= 0.5:
        out["score"] = _fmt(round(float(row["score"]) - 0.5, 1))
    elif rule.type in ("count", "bonus") and int(row.get("count") or 0) > 0:
        out["count"] = str(int(row["count"]) - 1)
    elif rule.type == "levels" and row.get("grade"):
        grades = [g for g, _ in rule.levels]
        index = grades.index(row["grade"])
        if index + 1 >= len(grades):
            return None
        out["grade"] = grades[index + 1]
    elif rule.type == "deduct" and row.get("gate") != "否":
        parts = dict(p.split("=", 1) for p in row.get("clauses", "").split(";") if p)
        counted = [c for c in rule.clauses if c.kind in ("flag", "per_item") and c.id in parts]
        if not counted:
            return None
        clause = rng.choice(counted)
        if clause.kind == "flag":
            if parts[clause.id] == "是":
                return None
            parts[clause.id] = "是"
        else:
            parts[clause.id] = str(int(parts[clause.id]) + 1)
        out["clauses"] = ";".join(f"{k}={v}" for k, v in parts.items())
    else:
        return None
    finding = rng.choice(REVIEW_FINDINGS)
    out["reason"] = f"初审核查：{leaf.name}{finding}（合成示例）"
    return out


def generate_review(
    framework: Framework, rows: list[dict[str, str]], seed: int = SEED
) -> list[dict[str, str]]:
    """The pre-review (初审) rows of :data:`REVIEW_YEAR`: each town's own rows, with a
    few indicators scored lower by the reviewers (0 to 4 per town, seeded)."""
    rng = random.Random(seed + 1)
    leaves = {leaf.code: leaf for leaf in framework.leaves()}
    out: list[dict[str, str]] = []
    for code, _, _ in UNITS:
        own = [r for r in rows if r["unit_code"] == code and r["year"] == str(REVIEW_YEAR)]
        changes = rng.choice((0, 1, 1, 2, 2, 3, 4))
        candidates = [i for i, r in enumerate(own) if r["code"] in leaves]
        picked = set(rng.sample(candidates, k=min(len(candidates), changes * 3)))
        done = 0
        for i, row in enumerate(own):
            reviewed = row
            if i in picked and done < changes:
                lower = _reviewed(leaves[row["code"]], row, rng)
                if lower is not None:
                    reviewed, done = lower, done + 1
            out.append({**reviewed, "stage": "初审", "assessor": REVIEWER})
    return out


def to_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in COLUMNS})
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument(
        "--review", action="store_true", help=f"write the {REVIEW_YEAR} pre-review (初审) instead"
    )
    args = parser.parse_args(argv)
    framework = load_framework("shanghai-town-2023")
    rows = generate(framework, args.seed)
    if args.review:
        rows = generate_review(framework, rows, args.seed)
    if args.output is None:
        args.output = REVIEW_TARGET if args.review else TARGET
    text = to_csv(rows)
    # utf-8-sig: a byte-order mark, so Excel (where a district opens it) reads the Chinese.
    args.output.write_text(text, encoding="utf-8-sig", newline="")
    print(f"wrote {args.output} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
