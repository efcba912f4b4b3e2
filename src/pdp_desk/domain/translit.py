"""A Latin skeleton of a folded name, so "Aliya Seitova" finds "Әлия Сейітова".

Both the index and the query go through `latin_key(fold(text))`: Cyrillic letters become their
usual Latin spelling (the passport-style one: ж zh, х kh, ш sh, я ya), Latin stays as it is.
It is an approximation for finding people, never shown and never used to compare identities.
"""
from __future__ import annotations

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_TABLE = str.maketrans(_CYRILLIC_TO_LATIN)


def latin_key(folded: str) -> str:
    """The Latin skeleton of an already folded text (see domain.search.fold).

    "yi" becomes "i": Kazakh "йі" is written "i" in passports (Сейітова → SEITOVA).
    """
    return folded.translate(_TABLE).replace("yi", "i")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
