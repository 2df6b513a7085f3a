"""Build the HTML page from the library's report document.

Every piece of user text goes through :func:`html.escape`; numbers are shown
rounded half-up by the library's display helpers (scores 2 decimals, shares
1 decimal of a percent).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from anting_rule_of_law.reporting import (
    RenderOptions,
    label,
    level_title,
    localized,
    provenance_text,
    ranking_order,
    score_text,
    share_text,
    source_name,
    stage_name,
)

__all__ = ["bar_chart", "render_page"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;line-height:1.5}
h1{font-size:1.6rem;border-bottom:2px solid #1f4e79;padding-bottom:.3rem}
h2{font-size:1.3rem;margin-top:2rem;color:#1f4e79}
h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#ddebf7}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.summary dt{font-weight:bold}
dl.summary dd{margin:0}
.pass{color:#1a7f37;font-weight:bold}
.fail{color:#cf222e;font-weight:bold}
.notice{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem 1rem}
svg text{font-size:13px;fill:#1f2328}
"""


def _e(value: Any) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _table(headers: Sequence[str], rows: Sequence[Sequence[tuple[Any, bool]]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{_e(v)}</td>' if num else f"<td>{_e(v)}</td>" for v, num in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bar_chart(nodes: Sequence[Mapping[str, Any]], lang: str) -> str:
    """An inline SVG: one bar per node, the grey track its maximum, the blue bar its score."""
    label_w, bar_w, row_h, value_w = 220, 420, 30, 130
    width = label_w + bar_w + value_w
    height = row_h * len(nodes) + 10
    biggest = max((float(n.get("max") or 0) for n in nodes), default=0.0) or 1.0
    parts = [
        f'<svg class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(level_title(1, lang))}</title>",
    ]
    for i, n in enumerate(nodes):
        y = 5 + i * row_h
        mx = float(n.get("max") or 0)
        sc = n.get("score")
        track = bar_w * mx / biggest
        filled = 0.0 if sc is None or mx <= 0 else track * max(0.0, min(float(sc) / mx, 1.0))
        name = f"{n['code']} {localized(n.get('name'), n.get('name_en'), lang)}"
        if len(name) > 16:
            name = name[:15] + "…"
        parts.append(
            f'<text x="0" y="{y + 18}">{_e(name)}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{track:.2f}" height="18" '
            f'fill="#d0d7de"/>'
            f'<rect class="bar" data-code="{_e(n["code"])}" x="{label_w}" y="{y + 4}" '
            f'width="{filled:.2f}" height="18" fill="#1f4e79"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}">'
            f"{_e(score_text(sc))} / {_e(score_text(n.get('max')))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_page(doc: Mapping[str, Any], options: RenderOptions) -> str:
    """The whole page as text."""
    lang = options.lang
    results: list[Mapping[str, Any]] = doc["results"]
    fw = doc["framework"]
    batch = len(results) > 1
    title = options.title or (
        label("batch_title", lang) if batch or not results else _title(results[0], lang)
    )
    body = [f"<h1>{_e(title)}</h1>"]
    fw_name = localized(fw.get("title"), fw.get("title_en"), lang)
    body.append(
        f"<p>{_e(label('framework', lang))}: {_e(fw_name)} ({_e(fw['id'])} {_e(fw['version'])})</p>"
    )
    if fw.get("status") == "reference":
        body.append(f'<p class="notice">{_e(label("reference_notice", lang))}</p>')
    if batch:
        body.append(f"<h2>{_e(label('ranking', lang))}</h2>")
        body.append(_ranking(results, lang))
    vetoes = {
        v["code"]: f"{v['code']} {localized(v.get('name'), v.get('name_en'), lang)}"
        for v in fw.get("vetoes") or []
    }
    for result in results:
        body.append(_section(result, lang, batch, vetoes))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _title(result: Mapping[str, Any], lang: str) -> str:
    unit = localized(result["unit"]["name"], result["unit"].get("name_en"), lang)
    stage = stage_name(result["stage"], lang)
    if lang == "zh":
        return f"{unit}{result['year']}年度{label('report_title', lang)}（{stage}）"
    return f"{unit} {result['year']}: {label('report_title', lang)} ({stage})"


def _ranking(results: Sequence[Mapping[str, Any]], lang: str) -> str:
    ordered = ranking_order(results)
    rows = [
        [
            (r["total"].get("rank"), True),
            (localized(r["unit"]["name"], r["unit"].get("name_en"), lang), False),
            (r["unit"].get("district", ""), False),
            (r["year"], True),
            (stage_name(r["stage"], lang), False),
            (score_text(r["total"].get("score")), True),
            (localized(r["total"].get("grade_name"), r["total"].get("grade_name_en"), lang), False),
        ]
        for r in ordered
    ]
    keys = ("rank", "unit", "district", "year", "stage", "score", "grade")
    return _table([label(k, lang) for k in keys], rows)


def _section(result: Mapping[str, Any], lang: str, batch: bool, vetoes: Mapping[str, str]) -> str:
    h2 = "h3" if batch else "h2"
    total = result["total"]
    unit = result["unit"]
    out = ["<section>"]
    if batch:
        out.append(f"<h2>{_e(_title(result, lang))}</h2>")
    passed = total.get("passed")
    verdict = (
        ""
        if passed is None
        else f'<span class="{"pass" if passed else "fail"}">'
        f"{_e(label('passed' if passed else 'failed', lang))}</span>"
    )
    fired = [vetoes.get(v, v) for v in total.get("vetoes") or []]
    items = [
        (label("unit", lang), _e(localized(unit["name"], unit.get("name_en"), lang))),
        (label("district", lang), _e(unit.get("district", ""))),
        (label("year", lang), _e(result["year"])),
        (label("stage", lang), _e(stage_name(result["stage"], lang))),
        (
            label("total", lang),
            f'<span class="total">{_e(score_text(total.get("score")))}</span>'
            f" / {_e(score_text(total.get('max')))}",
        ),
        (label("share", lang), _e(share_text(total.get("share")))),
        (
            label("grade", lang),
            _e(localized(total.get("grade_name"), total.get("grade_name_en"), lang)),
        ),
        (label("result", lang), verdict),
        (label("vetoes", lang), _e("; ".join(fired) if fired else label("none", lang))),
    ]
    provenance = provenance_text(result.get("provenance"), lang)
    if provenance:
        items.append((label("source", lang), _e(provenance)))
    out.append(f"<{h2}>{_e(label('summary', lang))}</{h2}>")
    out.append(
        '<dl class="summary">'
        + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
        + "</dl>"
    )
    for block in result["levels"]:
        if block["level"] > 2:
            continue
        out.append(f"<{h2}>{_e(level_title(block['level'], lang))}</{h2}>")
        if block["level"] == 1:
            out.append(bar_chart(block["nodes"], lang))
        rows = [
            [
                (n["code"], False),
                (localized(n.get("name"), n.get("name_en"), lang), False),
                (score_text(n.get("score")), True),
                (score_text(n.get("max")), True),
                (share_text(n.get("share")), True),
            ]
            for n in block["nodes"]
        ]
        keys = ("code", "indicator", "score", "max", "share")
        out.append(_table([label(k, lang) for k in keys], rows))
    out.append(f"<{h2}>{_e(label('gaps', lang))}</{h2}>")
    gaps = result.get("gaps") or []
    if gaps:
        rows = [
            [
                (g["code"], False),
                (localized(g.get("name"), g.get("name_en"), lang), False),
                (score_text(g.get("lost")), True),
                (localized(g.get("department"), g.get("department_en"), lang), False),
                (localized(g.get("reason"), g.get("reason_en"), lang), False),
            ]
            for g in gaps
        ]
        keys: tuple[str, ...] = ("code", "indicator", "lost", "department", "reason")
        if any(g.get("source") for g in gaps):
            keys += ("source",)
            for row, g in zip(rows, gaps, strict=True):
                row.append((source_name(g.get("source"), lang), False))
        out.append(_table([label(k, lang) for k in keys], rows))
    else:
        out.append(f"<p>{_e(label('no_gaps', lang))}</p>")
    out += _sources(result, lang, h2)
    out.append("</section>")
    return "\n".join(out)


def _sources(result: Mapping[str, Any], lang: str, h2: str) -> list[str]:
    """Every specific indicator with its source marker, when the assessment states sources."""
    audit = result.get("audit") or []
    if not any(a.get("source") for a in audit):
        return []
    names = {n["code"]: n for b in result["levels"] for n in b["nodes"]}
    rows = []
    for a in audit:
        node = names.get(a["code"], {})
        source = a.get("source") or {}
        quote = source.get("quote") or ""
        rows.append(
            [
                (a["code"], False),
                (localized(node.get("name"), node.get("name_en"), lang), False),
                (score_text(a.get("score")), True),
                (score_text(a.get("max")), True),
                (source_name(source.get("kind"), lang), False),
                (f"{source.get('ref')}：{quote}" if quote and source.get("ref") else quote, False),
            ]
        )
    keys = ("code", "indicator", "score", "max", "source", "quote")
    return [
        f"<{h2}>{_e(label('leaves', lang))}</{h2}>",
        _table([label(k, lang) for k in keys], rows),
    ]
