"""Search keys: the form in which names, addresses and contacts are indexed and looked up.

SQLite's FTS5 folds the case of Cyrillic but not ё to е nor Kazakh letters to their Russian
look-alikes, and people type "Алия" for "Әлия" or "Петр" for "Пётр". So the store indexes
`fold(text)` computed here, and folds the query the same way.
"""
from __future__ import annotations

import re
import unicodedata

# After casefold only lower-case letters remain, so the capitals need no entry; ё is handled
# in decomposed form (е + U+0308) by _E_MARKS below.
_KAZAKH_TO_RUSSIAN = (
    ("ә", "а"), ("ғ", "г"), ("қ", "к"), ("ң", "н"), ("ө", "о"),
    ("ұ", "у"), ("ү", "у"), ("һ", "х"), ("і", "и"),
)
# е followed by combining marks (the blocks that can sit between a letter and its diaeresis).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_E_MARKS = re.compile(f"е[{_MARKS}]+")
_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")   # runs of letters, digits and their marks
# Anything outside Latin, Greek and Cyrillic letters (combining marks included).
_UNSETTLED = re.compile("[^\x00-\u02ff\u0370-\u0482\u048a-\u04ff]")
_NOT_DIGIT = re.compile(r"[^0-9]+")


def _drop_diaeresis(match: re.Match[str]) -> str:
    return match[0].replace("\u0308", "")


def _fold_once(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    # Decomposed, ё is е + U+0308: drop every diaeresis in the marks after е (a stacked one
    # would otherwise compose into a new ё), map the Kazakh letters, compose again.
    s = _E_MARKS.sub(_drop_diaeresis, unicodedata.normalize("NFKD", s))
    for kazakh, russian in _KAZAKH_TO_RUSSIAN:
        s = s.replace(kazakh, russian)   # 10x faster than str.translate on non-ASCII text
    s = unicodedata.normalize("NFKC", s)
    return " ".join(s.split())


def fold(text: str) -> str:
    """The search key of a text: NFKC, casefold, ё->е, Kazakh letters -> Russian look-alikes
    (ә->а, ғ->г, қ->к, ң->н, ө->о, ұ/ү->у, һ->х, і->и), whitespace collapsed and trimmed.

    fold(fold(x)) == fold(x) for any string.
    """
    if text.isascii():
        # The common case (e-mails, phones, Latin names): nothing but case and spaces to fold.
        return " ".join(text.lower().split())
    s = _fold_once(text)
    if not _UNSETTLED.search(s):
        return s
    # Leftover combining marks (exotic mixes) can need another pass to settle: repeat until
    # stable. Text of Latin, Greek and Cyrillic letters without such marks is settled at once.
    for _ in range(8):
        again = _fold_once(s)
        if again == s:
            break
        s = again
    return s


def tokens(text: str) -> list[str]:
    """The folded words of a text: runs of letters and digits, split on everything else."""
    return _WORD.findall(fold(text))


def digits_only(text: str) -> str:
    """The ASCII digits of a text, after NFKC (so full-width digits count)."""
    return _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", text))
