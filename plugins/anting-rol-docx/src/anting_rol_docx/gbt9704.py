"""Write a :class:`~anting_rol_docx.blocks.Document` as a Word file laid out as
Chinese government documents are (GB/T 9704-2012, 党政机关公文格式), where practical.

* A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm — a text block of
  156 × 225 mm; a line pitch of 28.95 pt and characters condensed by 0.25 pt, so
  a page holds 22 lines of 28 characters of 三号 text.
* Title 二号 (22 pt) 方正小标宋简体, centred. Body 三号 (16 pt) 仿宋_GB2312.
  Headings by level: 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold, （1） 仿宋 — all 三号.
  Word's own "Heading 1–4" styles carry them, so the navigation pane and a table of
  contents work, and "Title" carries the title.
* Page numbers 四号 (14 pt) 宋体 as "— 1 —" below the text block: odd pages on
  the right, even pages on the left, one character in.
* Tables 小四 (12 pt) 仿宋, the header row repeated on every page, rows never split.

Fonts are named, not embedded: Word and WPS use them where installed; every
font also names the one Windows ships (仿宋, 楷体, 宋体) as its alternate. A
machine without them (LibreOffice on Linux) substitutes, so tests check the
names in the file, not the glyphs.

The same document always gives the same bytes: fixed document properties
(dated 2000-01-01 unless a timestamp is asked for), no thumbnail, no revision
ids, and every zip member stamped 1980-01-01.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from anting_rol_docx.blocks import Document, Heading, PageBreak, Paragraph, Span, Table

__all__ = [
    "BODY_FONT",
    "BODY_PT",
    "FIXED_DATE",
    "HEADING_FONTS",
    "LINE_PITCH_PT",
    "MARGINS_MM",
    "TITLE_FONT",
    "write_docx",
]

#: (top, bottom, left, right) in millimetres: GB/T 9704 天头 37, 订口 28, 版心 156 × 225.
MARGINS_MM = (37.0, 35.0, 28.0, 26.0)
PAGE_MM = (210.0, 297.0)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
#: Heading fonts by level (一、 （一） 1. （1）); level 3 is bold.
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
TABLE_FONT = BODY_FONT
#: Where a named font is missing, Word falls back to the alternate Windows ships.
ALTERNATES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}
TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
TABLE_PT = 12.0  # 小四
#: 22 lines in the 225 mm text block.
LINE_PITCH_PT = 28.95
CHARS_PER_LINE = 28
#: 三号 characters are 16 pt wide; 28 of them fill the 156 mm (442.2 pt) line when each
#: gives up 0.25 pt (15.75 pt x 28 = 441 pt). Word's character grid would do the same,
#: but LibreOffice reads that grid differently; character spacing means the same to both.
BODY_CONDENSE_PT = -0.25
#: Document properties are dated this day unless a timestamp is asked for.
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_docx(
    document: Document, *, timestamp: bool = False, author: str = "", subject: str = ""
) -> bytes:
    """The document as ``.docx`` bytes (identical bytes for identical input unless
    ``timestamp``)."""
    import docx
    from docx.enum.section import WD_SECTION

    doc = docx.Document()
    _drop_thumbnail(doc)
    _settings(doc)
    _styles(doc, document.lang)
    _font_table(doc)
    section = doc.sections[0]
    _page_setup(section)
    section.start_type = WD_SECTION.NEW_PAGE
    _page_numbers(doc, section)
    body = doc.element.body
    for p in list(body.iterchildren()):  # the template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)

    for block in document.blocks:
        if isinstance(block, Heading):
            style = "Title" if block.level == 0 else f"Heading {min(block.level, 4)}"
            p = doc.add_paragraph(style=style)
            for i, line in enumerate(block.text.split("\n")):
                run = p.add_run(line)
                if i:
                    run._r.addprevious(_line_break())
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, PageBreak):
            from docx.enum.text import WD_BREAK

            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _properties(doc, document, timestamp=timestamp, author=author, subject=subject)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _line_break() -> Any:
    from docx.oxml.parser import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


# -- page -------------------------------------------------------------------------------
def _page_setup(section: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.shared import Mm, Pt

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    # The page number's top sits 7 mm below the text block: 35 - 7 - one 14 pt line.
    section.footer_distance = Mm(bottom - 7) - Pt(PAGE_NUMBER_PT * 1.3)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    sect.append(grid)


def _page_numbers(doc: Any, section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = False
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["Footer"]
        p.alignment = align
        fmt = p.paragraph_format
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        p.add_run("— ")
        _field(p, "PAGE", "1")
        p.add_run(" —")
        for run in p.runs:
            _rfonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT)
            run.font.size = Pt(PAGE_NUMBER_PT)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``) as begin / instruction / separate / result / end runs."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


# -- styles -----------------------------------------------------------------------------
def _styles(doc: Any, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = doc.styles
    # document defaults: the body font, Chinese as the East Asian language
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rfonts(rpr, BODY_FONT)
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")

    def base(style: Any, font: str, size: float, *, bold: bool = False) -> None:
        _clear_style(style)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _rfonts(style.element.get_or_add_rPr(), font)
        if size == BODY_PT:
            _condense(style.element.get_or_add_rPr(), BODY_CONDENSE_PT)
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT)
        fmt.widow_control = True

    normal = styles["Normal"]
    base(normal, BODY_FONT, BODY_PT)
    # Chinese text is justified; English justified on a 28-character line leaves gaps
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY if lang == "zh" else WD_ALIGN_PARAGRAPH.LEFT
    normal.paragraph_format.alignment = justify

    title = styles["Title"]
    base(title, TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.25)
    # one blank line of body text below the title (GB/T 9704: 标题下空一行)
    title.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    title.paragraph_format.keep_with_next = True

    for level, font in HEADING_FONTS.items():
        style = styles[f"Heading {level}"]
        base(style, font, BODY_PT, bold=level == 3)
        fmt = style.paragraph_format
        fmt.alignment = justify
        fmt.first_line_indent = Pt(BODY_PT * 2)
        fmt.keep_with_next = True
        _outline_level(style, level - 1)

    footer = styles["Footer"]
    base(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    cell = (
        styles["Table Text"]
        if "Table Text" in [s.name for s in styles]
        else styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    )
    cell.base_style = normal
    base(cell, TABLE_FONT, TABLE_PT)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _no_grid(cell)  # table lines keep their own height, not the 28.95 pt body pitch
    _no_grid(footer)


def _clear_style(style: Any) -> None:
    """Drop the template's theme fonts, colours, borders and spacing from a style."""
    from docx.oxml.ns import qn

    el = style.element
    for tag in ("w:rPr", "w:pPr"):
        for old in el.findall(qn(tag)):
            keep = [c for c in old if c.tag == qn("w:outlineLvl")]
            for child in list(old):
                if child not in keep:
                    old.remove(child)


def _no_grid(style: Any) -> None:
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(el)


def _condense(rpr: Any, points: float) -> None:
    """Character spacing (``w:spacing``, twentieths of a point) added after every character."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(round(points * 20)))
    rpr.append(el)


def _outline_level(style: Any, level: int) -> None:
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)


def _rfonts(rpr: Any, font: str) -> None:
    """Name ``font`` for every script (theme fonts removed so they cannot override it)."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    el = rpr.find(qn("w:rFonts"))
    if el is None:
        el = OxmlElement("w:rFonts")
        rpr.insert(0, el)
    for attr in list(el.attrib):
        del el.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        el.set(qn(attr), font)


def _settings(doc: Any) -> None:
    """East Asian layout rules, no preview picture, no revision ids."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:eastAsia"), "zh-CN")
    for el in settings.iter(qn("w:rsidRoot")):
        el.getparent().remove(el)


def _drop_thumbnail(doc: Any) -> None:
    """The template's preview image shows an empty page: leave it out."""
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg.rels[rid]


def _font_table(doc: Any) -> None:
    """Declare each font with its Windows alternate (``w:altName``), so Word on a
    machine without 仿宋_GB2312 uses 仿宋 rather than a font of its own choosing."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement, parse_xml

    def child(parent: Any, tag: str, **attrs: str) -> Any:
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(f"w:{key}"), value)
        parent.append(el)
        return el

    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = parse_xml(part.blob)
        names = [TITLE_FONT, BODY_FONT, *HEADING_FONTS.values(), PAGE_NUMBER_FONT]
        for name in dict.fromkeys(names):
            font = child(root, "w:font", name=name)
            if name in ALTERNATES:
                child(font, "w:altName", val=ALTERNATES[name])
            child(font, "w:charset", val="86")  # GB2312
            child(font, "w:family", val="modern")
            child(font, "w:pitch", val="fixed")
        part._blob = serialize_part_xml(root)


# -- blocks -----------------------------------------------------------------------------
def _paragraph(doc: Any, block: Paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if block.align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(BODY_PT * 4)
    elif block.align == "left":
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    else:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    for span in block.spans:
        _span(p, span, WD_COLOR_INDEX.YELLOW)


def _span(p: Any, span: Span, highlight: Any) -> None:
    run = p.add_run(span.text)
    if span.placeholder:
        run.font.highlight_color = highlight


def _table(doc: Any, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.shared import Mm

    ncols = len(block.headers)
    table = doc.add_table(rows=1 + len(block.rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(block.widths, ncols)
    numeric = tuple(block.numeric) + (False,) * (ncols - len(block.numeric))
    for r, values in enumerate((block.headers, *block.rows)):
        row = table.rows[r]
        trpr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)
        if r == 0:
            header = OxmlElement("w:tblHeader")
            trpr.append(header)
        for c in range(ncols):
            cell = row.cells[c]
            cell.width = Mm(widths[c])
            p = cell.paragraphs[0]
            p.style = doc.styles["Table Text"]
            text = values[c] if c < len(values) else ""
            lines = str(text).split("\n")
            for i, line in enumerate(lines):
                if i:
                    p = cell.add_paragraph(style=doc.styles["Table Text"])
                run = p.add_run(line)
                if r == 0:
                    run.font.bold = True
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif numeric[c]:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    doc.add_paragraph(style="Table Text")  # a table never ends the document or touches the next


def _widths(relative: Sequence[float], ncols: int) -> list[float]:
    """Column widths in millimetres filling the 156 mm text block."""
    text_mm = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]
    weights = list(relative[:ncols]) + [1.0] * (ncols - len(relative))
    total = sum(weights) or 1.0
    return [text_mm * w / total for w in weights]


# -- properties and bytes ---------------------------------------------------------------
def _properties(
    doc: Any, document: Document, *, timestamp: bool, author: str, subject: str
) -> None:
    props = doc.core_properties
    when = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0) if timestamp else FIXED_DATE
    props.title = document.title[:255]  # the most a core property may hold
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.language = "zh-CN" if document.lang == "zh" else "en-US"
    props.created = when.replace(tzinfo=None)
    props.modified = when.replace(tzinfo=None)


def _normalise_zip(data: bytes) -> bytes:
    """The same members, in the same order, every one dated 1980-01-01."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
