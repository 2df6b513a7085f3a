"""The words of the annual-report draft, in Chinese and English.

The report's parts and their order are fixed by 《法治政府建设与责任落实督察工作规定》
(厅字〔2019〕28号, art. 24–25): 主要举措和成效; 存在的不足和原因; 党政主要负责人履行推进
法治建设第一责任人职责情况; 下一年度主要安排; 其他需要报告的情况. Words the
self-assessment reports share (score, grade, stage ...) come from the library.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "WORDS",
    "chinese_number",
    "heading_number",
    "numbered",
    "ordinal",
    "placeholder",
    "word",
]

#: key -> (zh, en); ``{name}`` fields are filled by :func:`word`.
WORDS: Mapping[str, tuple[str, str]] = {
    "title": (
        "{unit}关于{year}年度法治政府建设情况的报告",
        "Report of {unit} on building a law-based government in {year}",
    ),
    "drafts": (
        "法治政府建设年度报告草稿（{n}份）",
        "Draft annual reports on building a law-based government ({n})",
    ),
    "section_1": ("主要举措和成效", "Main measures and results"),
    "section_2": ("存在的不足和原因", "Shortcomings and their causes"),
    "section_3": (
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "How the principal Party and government leaders fulfilled their duties as "
        "first responsible persons for advancing the rule of law",
    ),
    "section_4": ("{year}年度主要安排", "Main plans for {year}"),
    "section_5": ("其他需要报告的情况", "Other matters to report"),
    "addressee": ("主送机关", "addressee"),
    "overview": ("本年度法治政府建设总体情况", "an overview of the year's work"),
    "opening": ("{year}年，{unit}", "In {year}, {unit} "),
    "assessed": (
        "对照《{framework}》开展{stage}，{stage}得分{score}分（满分{max}分）",
        "Against the {framework}, the {stage} gave {score} of {max} points",
    ),
    "grade": ("，等次为{grade}", ", grade {grade}"),
    "report_follows": ("。现将有关情况报告如下：", ". The report follows."),
    "area_measures": (
        "{area}方面的主要举措和成效",
        "the main measures and results in {area}",
    ),
    "area_shortfalls": ("{area}方面", "{area}"),
    "no_shortfalls": (
        "存在的不足和原因（自评未发现扣分事项）",
        "the shortcomings and their causes (the assessment found no deduction)",
    ),
    "shortfall_detail": ("不足的具体表现和原因", "what fell short and why"),
    "against_standard": ("对照评分标准：{clauses}", "Against the standard: {clauses}"),
    "duties": (
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "how the principal leaders fulfilled their first-responsible-person duties",
    ),
    "duties_unmarked": (
        "党政主要负责人履行推进法治建设第一责任人职责情况（所用指标体系未标注第一责任人职责指标）",
        "how the principal leaders fulfilled their first-responsible-person duties "
        "(the framework marks no such indicators)",
    ),
    "plan_item": (
        "由{department}牵头，针对{problem}的问题落实整改，{year}年内补齐短板。",
        "Led by {department}: address {problem} and close the gap within {year}.",
    ),
    "plan_problem": ("自评失分", "the points lost in the assessment"),
    "department": ("责任部门", "the responsible department"),
    "no_plans": ("{year}年度主要安排", "the main plans for {year}"),
    "vetoes": ("一票否决事项：{vetoes}。", "Veto items triggered: {vetoes}."),
    "other": (
        "其他需要报告的情况；没有的，写明“无”",
        "other matters to report, or “none”",
    ),
    "signatory": ("署名机关", "signing authority"),
    "date": ("成文日期，如{year}年3月20日", "date, e.g. 20 March {year}"),
    "placeholder_list": ("附：待补充事项清单", "Annex: what remains to be written"),
    "checklist": ("发布前核对清单", "Checklist before publication"),
    "check_publish": (
        "于{year}年4月1日前向社会公开本报告（《法治政府建设与责任落实督察工作规定》第二十四条）",
        "Publish the report before 1 April {year} (art. 24 of the Provisions on the "
        "supervision of building a law-based government, 厅字〔2019〕28号)",
    ),
    "check_leader": (
        "写明党政主要负责人的姓名及其履行推进法治建设第一责任人职责的具体情况",
        "Name the principal Party and government leaders and state how they fulfilled their duties",
    ),
    "check_signatory": (
        "确定署名机关和成文日期，加盖印章",
        "Settle the signing authority and the date, and affix the seal",
    ),
    "check_figures": (
        "补齐上列待补充事项，核对报告中的数字与台账一致",
        "Complete every item listed above and check each figure against the records",
    ),
    "check_remove": ("定稿时删除本附页", "Remove this annex from the final text"),
    "none_left": ("无", "none"),
    "times": ("（{n}处）", " ({n} places)"),
    "illustrative": ("此项为示例值，并非台账数据", "an illustrative value, not a record"),
    # the self-assessment report's details table
    "scoring": ("评分过程", "How it was scored"),
}

_DIGITS = "零一二三四五六七八九"


def word(key: str, lang: str, **fields: object) -> str:
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def placeholder(what: str, lang: str, *, check: bool = False) -> str:
    """The visible mark of text a person must still write (or, with ``check``, verify)."""
    if lang == "zh":
        return f"【{'待核实' if check else '待补充'}：{what}】"
    return f"[{'To be checked' if check else 'To be completed'}: {what}]"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九 (1 to 99)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + ("" if ones == 0 else _DIGITS[ones])


def heading_number(level: int, n: int, lang: str) -> str:
    """GB/T 9704's numbering: 一、 / （一） / 1. / （1）; in English I. / (1) / 1. / (a)."""
    if lang == "zh":
        return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）")[
            min(level, 4) - 1
        ]
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    first = f"{roman[n - 1]}." if n <= len(roman) else f"{n}."
    letter = chr(ord("a") + (n - 1) % 26)
    return (first, f"({n})", f"{n}.", f"({letter})")[min(level, 4) - 1]


def ordinal(n: int, lang: str) -> str:
    """The lead of the n-th item of a paragraph run: 一是 / 二是 ...; First: / Second: ..."""
    if lang == "zh":
        return f"{chinese_number(n)}是"
    words = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
    return f"{words[n - 1]}: " if n <= len(words) else "Further: "


def numbered(level: int, n: int, text: str, lang: str) -> str:
    """``text`` with its heading number: 一、主要举措和成效 / I. Main measures and results."""
    mark = heading_number(level, n, lang)
    return f"{mark}{text}" if lang == "zh" else f"{mark} {text}"
