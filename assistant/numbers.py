"""Counts as reports write them: digits (Latin or Arabic-Indic, already folded to Latin), Arabic
number words in their masculine, feminine and case forms, duals carried by the noun itself
(صاروخين, طائرتين), and English words. Everything here works on folded text (see text.py)."""

import re

# Folded Arabic (أ→ا, ة→ه, ى→ي); case endings (ان/ين, ون/ين) both listed.
_AR_UNITS = {
    "واحد": 1,
    "واحده": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثماني": 8,
    "ثمان": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
}
_AR_TENS = {
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "اربعون": 40,
    "اربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
}
_AR_TEEN_UNITS = {
    "احد": 1,
    "احدي": 1,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    **{k: v for k, v in _AR_UNITS.items() if 3 <= v <= 9},
}
_EN = {
    "one": 1,
    "a single": 1,
    "single": 1,
    "two": 2,
    "a pair of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "two dozen": 24,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_P = "(?:[وب])?"  # a clitic "and" / "with" before a number word
AR_NUMBER = (
    rf"(?:{_P}(?:{_alternation(_AR_TEEN_UNITS)})\s+(?:عشر|عشره)"  # 11-19
    rf"|{_P}(?:{_alternation(_AR_UNITS)})\s+و\s*(?:{_alternation(_AR_TENS)})"  # 21-99
    rf"|{_P}(?:{_alternation(_AR_TENS)})"
    rf"|{_P}(?:{_alternation(_AR_UNITS)}))"
)
EN_NUMBER = rf"(?:{_alternation(_EN)})(?:[ ](?:{_alternation(k for k in _EN if ' ' not in k)}))?"
DIGITS = r"\d{1,4}"
NUMBER = rf"(?:{DIGITS}|{AR_NUMBER}|{EN_NUMBER})"


def value(word: str) -> int | None:
    """The number a matched NUMBER stands for (None for anything else)."""
    w = re.sub(r"\s+", " ", word.strip())
    if w.isdigit():
        return int(w)
    if w in _EN:
        return _EN[w]
    parts = w.split(" ")
    if len(parts) == 2 and parts[0] in _EN and parts[1] in _EN:  # "twenty five"
        return _EN[parts[0]] + _EN[parts[1]]
    if w and w[0] in "وب" and w[1:] and _ar(w[1:]) is not None:
        return _ar(w[1:])
    return _ar(w)


def _ar(w: str) -> int | None:
    parts = w.split(" ")
    if len(parts) == 1:
        return _AR_UNITS.get(w) or _AR_TENS.get(w)
    if len(parts) == 2 and parts[1] in ("عشر", "عشره") and parts[0] in _AR_TEEN_UNITS:
        return 10 + _AR_TEEN_UNITS[parts[0]]
    if len(parts) >= 2 and parts[0] in _AR_UNITS:
        tens = parts[-1].lstrip("و") if parts[-1] != "و" else ""
        if tens in _AR_TENS:
            return _AR_UNITS[parts[0]] + _AR_TENS[tens]
    return None
