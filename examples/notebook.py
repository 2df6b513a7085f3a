# %% [markdown]
# # anting-rule-of-law in a notebook
#
# A walk through the library from Python: load a framework, score the Anting
# 2023 self-assessment and the SYNTHETIC Jiading district batch, look at the
# polars frames the Scorecard holds, and draw the first-level scores as an SVG
# bar chart. The cells (`# %%`) run in VS Code / Jupyter (jupytext) or as a
# plain script:
#
#     python examples/notebook.py            # writes first_level_2023.svg here
#
# Every frame is unrounded: round half up (四舍五入) only for display, with
# `round_half_up`, never with polars' default half-to-even rounding.

# %%
from __future__ import annotations

import html
import sys
from pathlib import Path

import polars as pl

import anting_rule_of_law as arol

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path("examples").resolve()
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else Path.cwd()
pl.Config.set_tbl_rows(15)
pl.Config.set_tbl_width_chars(120)
pl.Config.set_fmt_str_lengths(30)

# %% [markdown]
# ## 1. A framework is data
#
# `load_framework` takes a bundled id or a path to a YAML/JSON framework file
# (an official table imported with `anting-rol import` works the same).

# %%
fw = arol.load_framework("shanghai-town-2023")
print(fw.id, fw.version, fw.status, "—", fw.title)
print("nodes per level:", [len(fw.level(n)) for n in (1, 2, 3)], "total points:", fw.total_points)
tree = fw.to_polars()
print(tree.filter(pl.col("level") == 1).select("code", "name", "name_en", "points"))

# %% [markdown]
# In a notebook, a framework or a Scorecard alone in a cell shows a compact
# table (id, version, status, indicators per level, points and the first-level
# indicators), in the language of `ANTING_ROL_LANG` (Chinese by default); its
# `repr` is one line.

# %%
print(repr(fw))
fw  # noqa: B018 (a notebook shows the last expression of a cell)

# %% [markdown]
# ## 2. One town: Anting 2023
#
# `read_assessment` reads YAML, JSON or a filled Excel workbook; bad input raises
# `InputError` with every problem located. `score` returns a `Scorecard`.

# %%
anting = arol.read_assessment(HERE / "anting_2023" / "anting_2023.yaml")
card = arol.score(fw, anting)
total = card.totals.row(0, named=True)
print(
    f"{total['unit_name']} {total['year']}: {arol.round_half_up(total['score'], 2):.2f}"
    f" / {total['max']:g}, {total['grade_name']}, passed={total['passed']}"
)
print(card.level(1).select("code", "name", "score", "max", "share"))
card  # noqa: B018 (in a notebook: unit, district, stage 自评, total, grade, rank)

# %% [markdown]
# The gap list (整改清单): every specific indicator that lost points, largest
# loss first, with the department that answers for it and the reason.

# %%
print(card.gaps().select("code", "name", "lost", "department", "reason"))

# %% [markdown]
# The audit trail says why each score is what it is: rule, inputs, formula
# result, adjustments. The enforcement record rate, for instance, is scored on
# 1319/1333 — not on the 98.94% the report prints.

# %%
print(
    card.audit.filter(pl.col("code") == "2.2.2")
    .select("code", "rule", "score", "max", "reason")
    .row(0, named=True)
)

# %% [markdown]
# ## 3. A district: 12 units x 3 years (SYNTHETIC)
#
# The long CSV holds 36 assessments; they score in one pass. Ranks are within
# (district, year, stage), computed on unrounded totals.

# %%
batch = arol.read_assessments([HERE / "jiading_district" / "jiading_2021_2023.csv"])
district = arol.score(fw, batch)
print(len(batch), "assessments;", district.totals.height, "totals")
print(
    district.totals.filter(pl.col("year") == 2023)
    .sort("rank")
    .select("rank", "unit_name", "score", "grade_name", "passed")
)

# %% [markdown]
# Year over year: `yoy()` pairs each node with the same unit's previous year.

# %%
yoy = district.yoy().filter(pl.col("level") == 0).sort("year", "delta", descending=[False, True])
print(yoy.select("unit", "year", "previous_score", "score", "delta"))

# %% [markdown]
# The district's own gap list: points lost per indicator summed over the units.

# %%
district_gaps = (
    district.gaps(year=2023)
    .group_by("code", "name", "department")
    .agg(pl.col("lost").sum().alias("lost"), pl.len().alias("units"))
    .sort(["lost", "code"], descending=[True, False])
)
print(district_gaps.head(10))

# %% [markdown]
# ## 4. A chart without a plotting library
#
# First-level scores of every unit in 2023 as grouped horizontal bars, written
# as plain SVG (no plotting library is a dependency of the package).

# %%
COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759")


def first_level_svg(scorecard: arol.Scorecard, year: int) -> str:
    """Grouped bars: one group per unit (by rank), one bar per first-level indicator (share)."""
    roots = scorecard.framework.roots()
    totals = scorecard.totals.filter(pl.col("year") == year).sort("rank", "unit")
    shares = {
        (r["unit"], r["code"]): r["share"]
        for r in scorecard.level(1).filter(pl.col("year") == year).iter_rows(named=True)
    }
    bar, gap, left, width = 9, 10, 170, 420
    group = bar * len(roots) + gap
    height = 60 + group * totals.height + 20 * len(roots)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}"'
        ' font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="14">一级指标得分率，{year}（SYNTHETIC 区级示例）</text>',
    ]
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        out.append(
            f'<line x1="{x:g}" y1="35" x2="{x:g}" y2="{height - 20 * len(roots) - 15}"'
            ' stroke="#ddd"/>'
        )
        out.append(f'<text x="{x:g}" y="32" text-anchor="middle" fill="#666">{tick}%</text>')
    for i, t in enumerate(totals.iter_rows(named=True)):
        y0 = 40 + i * group
        label = f"{t['rank']}. {t['unit_name']} {arol.round_half_up(t['score'], 1):.1f}"
        out.append(
            f'<text x="{left - 6}" y="{y0 + bar * len(roots) / 2 + 4:g}" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
        for j, root in enumerate(roots):
            share = shares.get((t["unit"], root.code)) or 0.0
            out.append(
                f'<rect x="{left}" y="{y0 + j * bar}" width="{width * share:.1f}" height="{bar - 1}"'
                f' fill="{COLOURS[j % len(COLOURS)]}"><title>{html.escape(root.name)}'
                f" {arol.round_half_up(share * 100, 1):.1f}%</title></rect>"
            )
    for j, root in enumerate(roots):
        y = height - 20 * (len(roots) - j) + 5
        out.append(
            f'<rect x="{left}" y="{y - 10}" width="12" height="10"'
            f' fill="{COLOURS[j % len(COLOURS)]}"/>'
        )
        out.append(f'<text x="{left + 18}" y="{y}">{root.code} {html.escape(root.name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


svg_path = OUT / "first_level_2023.svg"
svg_path.write_text(first_level_svg(district, 2023), encoding="utf-8")
print("wrote", svg_path)
