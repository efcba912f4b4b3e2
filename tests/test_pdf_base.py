"""The shared PDF base: fonts, escaping, page X / Y, repeated table headers, metadata, QR code."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from pdp_desk.documents import pdf

KAZAKH = "Әлия Нұрланқызы Сейітова, Ғалымжан Құрманғазыұлы: ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"
TRICKY = 'ТОО «Кофе & <Ко>» "Тест" \'и\' <b>не жирный</b> &amp; <br/> </para>'


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text().replace("\u00a0", " ") for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Line breaks made by wrapping do not count."""
    return " ".join(text.split())


def test_escape_turns_text_into_markup_that_shows_the_same_text():
    assert pdf.escape('a & b < c > d "e" \'f\'') == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"
    assert pdf.escape("one\ntwo\r\nthree\rfour") == "one<br/>two<br/>three<br/>four"
    assert pdf.escape("bell\x07 and nul\x00 gone\ttab") == "bell and nul gone tab"
    assert pdf.escape(None) == ""
    assert pdf.escape(42) == "42"


def test_database_text_is_never_markup_and_kazakh_letters_come_back():
    story = [pdf.para(TRICKY, "title"), pdf.para(KAZAKH, "body"), pdf.para("первая\nвторая", "plain")]
    text = pages_text(pdf.render(story, pdf.DocMeta("t")))[0]
    assert TRICKY in flat(text)
    assert KAZAKH in flat(text)
    assert "первая\nвторая" in text


def test_para_markup_escapes_every_piece():
    p = pdf.para_markup([("b", "ИИН: "), ("", "<i>901123300258</i> & co")])
    assert p.text == "<b>ИИН: </b>&lt;i&gt;901123300258&lt;/i&gt; &amp; co"
    with pytest.raises(ValueError):
        pdf.para_markup([("script", "x")])


def test_metadata_and_language():
    meta = pdf.DocMeta('Ответ <"&"> Әлия', language="kk", author="ИП Турехан", subject="2026-7KQ-00001",
                       keywords=("PDP Desk", "letter"))
    reader = PdfReader(io.BytesIO(pdf.render([pdf.para("x")], meta)))
    info = reader.metadata
    assert info.title == 'Ответ <"&"> Әлия'
    assert info.author == "ИП Турехан"
    assert info.subject == "2026-7KQ-00001"
    assert info.creator == "PDP Desk"
    assert reader.trailer["/Root"]["/Lang"] == "kk-KZ"


def test_long_table_has_its_header_and_page_numbers_on_every_page():
    rows = [[f"R{i:04d}", f"Сейітова Әлия {i} & <Ко>", "текст " * (i % 9)] for i in range(300)]
    meta = pdf.DocMeta("Таблица", footer_text="Исх. № 1", header_text="Шапка")
    story = [pdf.para("Заголовок", "title")]
    story += pdf.table(rows, ["Код", "Имя", "Примечание"], [1, 3, 4], width=pdf.text_width(meta), zebra=True)
    texts = pages_text(pdf.render(story, meta))
    total = len(texts)
    assert total >= 3
    seen = []
    for number, text in enumerate(texts, start=1):
        assert f"Стр. {number} / {total}" in text
        assert "Код" in text and "Примечание" in text, f"no header on page {number}"
        assert "Исх. № 1" in text
        assert ("Шапка" in text) == (number >= 2)
        seen += re.findall(r"R\d{4}", text)
    assert seen == [f"R{i:04d}" for i in range(300)]  # every row once, in order
    assert "Сейітова Әлия 7 & <Ко>" in "".join(texts)


def test_a_row_taller_than_a_page_is_cut_and_continued():
    rows = [["R0", "короткий"], ["R1", "очень длинный текст " * 700], ["R2", "после"]]
    texts = pages_text(pdf.render(pdf.table(rows, ["Код", "Текст"], [1, 6], width=400), pdf.DocMeta("t")))
    assert len(texts) >= 3
    assert all("Код" in t for t in texts)
    joined = "".join(texts)
    assert joined.index("R0") < joined.index("R1") < joined.index("R2")


def test_a_small_table_fits_on_one_page_without_empty_rows():
    texts = pages_text(pdf.render(pdf.table([], ["A", "B"]) + pdf.table([["1", "2"]], None), pdf.DocMeta("t")))
    assert len(texts) == 1 and "Стр. 1 / 1" in texts[0]


def test_landscape_and_page_hook():
    seen = []

    def hook(canvas, info):
        seen.append((info.page, info.total, round(info.width), round(info.height)))
        canvas.setFont(pdf.FONT, 8)
        canvas.drawString(info.left, info.top + 4, f"крючок {info.page}/{info.total}")

    story = [pdf.para("строка " * 200, "body") for _ in range(8)]
    data = pdf.render(story, pdf.DocMeta("t", landscape=True, on_page=hook))
    texts = pages_text(data)
    assert seen == [(n, len(texts), 842, 595) for n in range(1, len(texts) + 1)]
    assert f"крючок 1/{len(texts)}" in texts[0]


def test_qr_code_draws_and_invariant_output_is_reproducible():
    def make() -> bytes:
        story = [pdf.para("Акт"), pdf.qr_code("pdp-desk:act:0190a3f2-7c1e-7000-8000-000000000001", 30)]
        return pdf.render(story, pdf.DocMeta("Акт", invariant=True))

    first, second = make(), make()
    assert first == second
    assert first.startswith(b"%PDF")
    drawing = pdf.qr_code("x", 25)
    assert round(drawing.width) == round(25 * pdf.mm) == round(drawing.height)
