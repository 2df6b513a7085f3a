"""Build the HTML page from the library's report document.

Every piece of user text goes through :func:`html.escape`, its control
characters removed (``without_controls``); numbers are shown
rounded half-up by the library's display helpers (scores 2 decimals, shares
1 decimal of a percent). The words — titles by stage, the gap list's two parts,
the audit trail of ``--detail full`` — are the library's own (the contract's
``document_title``, ``gap_part_tables``, ``indicator_details`` …), so the page says what the
Markdown report says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from anting_rule_of_law.reporting import (
    LEVEL_KEYS,
    RANKING_KEYS,
    RenderOptions,
    comparison_changes,
    comparison_note,
    comparison_standing,
    comparison_title,
    document_title,
    gap_part_tables,
    has_peers,
    indicator_details,
    label,
    level_rows,
    level_title,
    localized,
    ranking_order,
    ranking_rows,
    result_title,
    score_text,
    source_name,
    summary_rows,
    table_headers,
    veto_names,
    vocabulary,
    without_controls,
    word,
)

GAP_PARTS = vocabulary.GAP_PARTS

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
tr.vetoed td{background:#ffebe9}
.veto{color:#cf222e;font-weight:bold;font-size:.85em;border:1px solid #cf222e;border-radius:3px;
padding:0 .3em;white-space:nowrap}
ul.trail{margin:.3rem 0 1rem;padding-left:1.3rem}
ul.trail li{margin:.1rem 0}
svg text{font-size:13px;fill:#1f2328}
"""


def _e(value: Any) -> str:
    return "" if value is None else escape(without_controls(str(value)), quote=True)


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
    title = document_title(results, lang, options.title)
    body = [f"<h1>{_e(title)}</h1>"]
    fw_name = localized(fw.get("title"), fw.get("title_en"), lang)
    sep = "：" if lang == "zh" else ": "
    body.append(
        f"<p>{_e(label('framework', lang))}{sep}{_e(fw_name)} "
        f"({_e(fw['id'])} {_e(fw['version'])})</p>"
    )
    if fw.get("status") == "reference":
        body.append(f'<p class="notice">{_e(label("reference_notice", lang))}</p>')
    if batch:
        body.append(f"<h2>{_e(label('ranking', lang))}</h2>")
        body.append(_ranking(results, lang))
    vetoes = veto_names(doc, lang)
    rules = fw.get("rules") or {}
    for result in results:
        body.append(_section(result, results, rules, lang, options.detail, vetoes))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _ranking(results: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The ranking table; a unit whose veto item fired is marked, in words and in red."""
    numeric = (True, False, False, True, False, True, False)
    head = "".join(f"<th>{_e(h)}</th>" for h in table_headers(RANKING_KEYS, lang))
    body = []
    for result, row in zip(ranking_order(results), ranking_rows(results, lang), strict=True):
        vetoed = bool(result["total"].get("vetoed"))
        cells = []
        for i, (value, num) in enumerate(zip(row, numeric, strict=True)):
            text = _e(value)
            if i == 1 and vetoed:
                text += f' <span class="veto">{_e(label("vetoes", lang))}</span>'
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        mark = ' class="vetoed"' if vetoed else ""
        body.append(f"<tr{mark}>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(
    result: Mapping[str, Any],
    results: Sequence[Mapping[str, Any]],
    rules: Mapping[str, Any],
    lang: str,
    detail: str,
    vetoes: Mapping[str, str],
) -> str:
    batch = len(results) > 1
    h2 = "h3" if batch else "h2"
    h3 = "h4" if batch else "h3"
    total = result["total"]
    out = ["<section>"]
    if batch:
        out.append(f"<h2>{_e(result_title(result, lang))}</h2>")
    passed = total.get("passed")
    items = []
    for key, value in summary_rows(result, lang, vetoes, show_rank=has_peers(result, results)):
        shown = _e(value)
        if key == label("total", lang):
            shown = (
                f'<span class="total">{_e(score_text(total.get("score")))}</span>'
                f" / {_e(score_text(total.get('max')))}"
            )
        elif key == label("result", lang) and passed is not None:
            shown = f'<span class="{"pass" if passed else "fail"}">{shown}</span>'
        items.append((key, shown))
    out.append(f"<{h2}>{_e(label('summary', lang))}</{h2}>")
    out.append(
        '<dl class="summary">'
        + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
        + "</dl>"
    )
    out += _comparison(result, lang, h2)
    for block in result["levels"]:
        if block["level"] > 2:
            continue
        out.append(f"<{h2}>{_e(level_title(block['level'], lang))}</{h2}>")
        if block["level"] == 1:
            out.append(bar_chart(block["nodes"], lang))
        levels = [
            [(v, i >= 2) for i, v in enumerate(row)] for row in level_rows(block["nodes"], lang)
        ]
        out.append(_table(table_headers(LEVEL_KEYS, lang), levels))
    out.append(f"<{h2}>{_e(label('gaps', lang))}</{h2}>")
    gaps = result.get("gaps") or []
    if gaps:
        for part, heads, part_rows in gap_part_tables(gaps, lang):
            out.append(f'<{h3} class="gap-part">{_e(word(GAP_PARTS, part, lang))}</{h3}>')
            if part_rows:
                cells = [[(v, i == 2) for i, v in enumerate(row)] for row in part_rows]
                out.append(_table(heads, cells))
            else:
                out.append(f"<p>{_e(word(GAP_PARTS, part + '_none', lang))}</p>")
    else:
        out.append(f"<p>{_e(label('no_gaps', lang))}</p>")
    out += _sources(result, lang, h2)
    if detail == "full" and "audit" in result:
        out.append(_details(result, rules, lang, h2, h3))
    out.append("</section>")
    return "\n".join(out)


def _comparison(result: Mapping[str, Any], lang: str, h2: str) -> list[str]:
    """自评与初审对比: both totals, then every changed specific indicator with the remark."""
    comparison = result.get("comparison")
    if not comparison:
        return []
    out = [f'<{h2} class="comparison">{_e(comparison_title(comparison, lang))}</{h2}>']
    heads, rows = comparison_standing(comparison, lang)
    out.append(_table(heads, [[(v, i == 1) for i, v in enumerate(row)] for row in rows]))
    heads, rows = comparison_changes(comparison, lang)
    if rows:
        out.append(_table(heads, [[(v, 2 <= i <= 4) for i, v in enumerate(row)] for row in rows]))
    out.append(f"<p>{_e(comparison_note(comparison, lang))}</p>")
    return out


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


def _details(
    result: Mapping[str, Any], rules: Mapping[str, Any], lang: str, h2: str, h3: str
) -> str:
    """Every specific indicator's audit trail in words, as the Markdown report shows it."""
    sep = "：" if lang == "zh" else ": "
    out = [f"<{h2}>{_e(label('details', lang))}</{h2}>"]
    for d in indicator_details(result, rules, lang):
        out.append(
            f'<{h3} class="indicator" id="i-{_e(d.code)}">{_e(d.code)} {_e(d.name)}'
            f" — {_e(d.score)} / {_e(d.max)}</{h3}>"
        )
        items = "".join(f"<li>{_e(line)}</li>" for line in d.lines)
        if d.evidence:
            inner = "".join(f"<li>{_e(e)}</li>" for e in d.evidence)
            items += f"<li>{_e(label('evidence', lang))}{sep}<ul>{inner}</ul></li>"
        out.append(f'<ul class="trail">{items}</ul>')
    return "\n".join(out)
