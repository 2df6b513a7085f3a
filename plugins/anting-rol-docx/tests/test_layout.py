"""The Word writer on its own, from hand-made blocks: page, fonts, styles, tables,
placeholders and identical bytes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from anting_rol_docx.blocks import Document, Heading, PageBreak, Paragraph, Span, Table
from anting_rol_docx.gbt9704 import write_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

DOC = Document(
    title="某镇关于2023年度法治政府建设情况的报告",
    blocks=[
        Heading(0, "某镇关于2023年度\n法治政府建设情况的报告"),
        Paragraph([Span("【待补充：主送机关】", placeholder=True), "："], align="left"),
        Heading(1, "一、主要举措和成效"),
        Heading(2, "（一）党委领导"),
        Paragraph(["一是学法。全年学法4次。"]),
        Heading(3, "1. 三级"),
        Heading(4, "（1）四级"),
        Table(
            ["编号", "指标", "得分"],
            [(f"1.{i}", "学法", "2.00") for i in range(60)],
            numeric=(False, False, True),
            widths=(1, 3, 1),
        ),
        PageBreak(),
        Paragraph([Span("【待补充：署名机关】", placeholder=True)], align="right"),
    ],
)


@pytest.fixture(scope="module")
def data() -> bytes:
    return write_docx(DOC)


@pytest.fixture(scope="module")
def document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _east_asia(style: docx.styles.style.BaseStyle) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_a4_and_the_margins_of_gbt_9704(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (37, 35, 28, 26)
    # 156 x 225 mm text block, 22 lines of 28.95 pt
    text_block = section.page_width - section.left_margin - section.right_margin
    assert round(docx.shared.Length(text_block).mm) == 156
    assert document.styles["Normal"].paragraph_format.line_spacing == Pt(28.95)


def test_fonts_and_sizes_by_level(document: docx.document.Document) -> None:
    expected = {
        "Title": ("方正小标宋简体", 22),
        "Normal": ("仿宋_GB2312", 16),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
        "Heading 3": ("仿宋_GB2312", 16),
        "Heading 4": ("仿宋_GB2312", 16),
    }
    for name, (font, size) in expected.items():
        style = document.styles[name]
        assert _east_asia(style) == font, name
        assert style.font.size == Pt(size), name
        assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0), name
    assert document.styles["Heading 3"].font.bold


def test_headings_read_back_as_heading_styles(document: docx.document.Document) -> None:
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert styled[:5] == [
        ("Title", "某镇关于2023年度\n法治政府建设情况的报告"),
        ("Heading 1", "一、主要举措和成效"),
        ("Heading 2", "（一）党委领导"),
        ("Heading 3", "1. 三级"),
        ("Heading 4", "（1）四级"),
    ]


def test_fonts_name_their_windows_alternates(data: bytes) -> None:
    table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table


def test_page_numbers_alternate_sides(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for p in (odd, even):
        assert p.text == "— 1 —"  # the PAGE field shows 1 until Word updates it
        assert "PAGE" in p._p.xml
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT


def test_table_header_repeats_and_numbers_align_right(document: docx.document.Document) -> None:
    (table,) = document.tables
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
    assert table.cell(1, 2).paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    widths = [round(docx.shared.Length(c.width or 0).mm) for c in table.rows[0].cells]
    assert widths == [31, 94, 31]  # 1 : 3 : 1 of 156 mm


def test_placeholders_are_highlighted(document: docx.document.Document) -> None:
    runs = [r for p in document.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked == ["【待补充：主送机关】", "【待补充：署名机关】"]


def test_identical_bytes_and_fixed_properties(data: bytes) -> None:
    assert write_docx(DOC) == data
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/thumbnail.jpeg" not in archive.namelist()
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created.year == 2000 and props.modified.year == 2000
    assert props.author == "" and props.title == DOC.title and props.language == "zh-CN"
    stamped = docx.Document(io.BytesIO(write_docx(DOC, timestamp=True))).core_properties
    assert stamped.modified.year > 2000


def test_english_text_is_left_aligned_chinese_justified(document: docx.document.Document) -> None:
    justify = docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert document.styles["Normal"].paragraph_format.alignment == justify
    english = Document(title="Report", blocks=[Paragraph(["Some text."])], lang="en")
    styles = docx.Document(io.BytesIO(write_docx(english))).styles
    assert styles["Normal"].paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT


def test_control_characters_are_removed_before_word_sees_them() -> None:
    """python-docx refuses NUL and ESC ("not XML compatible"): the blocks drop them first."""
    doc = Document(
        title="报告\x1b",
        blocks=(
            Heading(1, "一、标题\x00"),
            Paragraph(spans=("安亭镇\x1b[31m", Span("\x07待填写", placeholder=True))),
            Table(headers=("项\x0b",), rows=(("值\x1f",),), numeric=(False,)),
        ),
    )
    text = docx.Document(io.BytesIO(write_docx(doc))).element.xml
    assert "安亭镇[31m" in text and "一、标题" in text
    assert not any(ch in text for ch in "\x00\x07\x0b\x1b\x1f")
