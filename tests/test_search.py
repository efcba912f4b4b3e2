"""Search keys: folding, tokens, digits."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdp_desk.domain.search import digits_only, fold, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Әлия", "алия"),
        ("ӘЛИЯ", "Алия"),
        ("Пётр", "петр"),
        ("ЁЛКИН", "елкин"),
        ("Қасымова Ғалия", "касымова галия"),
        ("Ұлан Үмбетов", "улан умбетов"),
        ("Шыңғыс Өтегенов", "шынгыс отегенов"),
        ("Һ І", "х и"),
        ("Ivan  PETROV", "ivan petrov"),
        ("е\u0308ж", "еж"),  # decomposed ё
    ],
)
def test_fold_matches_look_alikes(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_examples() -> None:
    assert fold("  Әлия\u00a0\tҚасымова \n") == "алия касымова"
    assert "петр" in fold("Пётр Иванов")
    assert fold("Андрей") == "андрей"  # й stays
    assert fold("ı") == "ı"  # Latin dotless i is left alone
    assert fold("ＡＢＣ") == "abc"  # NFKC
    assert fold("Straße") == "strasse"  # casefold
    assert fold("") == ""


def test_tokens() -> None:
    assert tokens("Қасымова Әлия, г. Алматы, ул. Абая 10/2") == [
        "касымова", "алия", "г", "алматы", "ул", "абая", "10", "2"
    ]
    assert tokens("ivan.petrov@mail.kz") == ["ivan", "petrov", "mail", "kz"]
    assert tokens("a_b") == ["a", "b"]
    assert tokens(" ,.; ") == []


def test_digits_only() -> None:
    assert digits_only("+7 (701) 123-45-67") == "77011234567"
    assert digits_only("１２３") == "123"
    assert digits_only("нет") == ""


@given(st.text())
def test_fold_is_idempotent_and_never_raises(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip() and "  " not in once


@given(st.text(alphabet=st.sampled_from("ЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЕеАаИи \u0308\u0306\u00a8\u00a0")))
def test_fold_is_idempotent_on_kazakh_and_marks(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert not set(once) & set("ёәғқңөұүһі")


@given(st.text())
def test_tokens_are_folded_words(text: str) -> None:
    for token in tokens(text):
        assert token and " " not in token
        assert fold(token) == token or token in fold(text)


@given(st.text())
def test_digits_only_never_raises(text: str) -> None:
    assert digits_only(text).isdigit() or digits_only(text) == ""
