"""A folded copy of an article for matching, with a map back to the original offsets.

Arabic is matched with hamza forms, taa marbuta and alif maqsura folded, diacritics and tatweel
dropped and Arabic-Indic digits read as Latin ones; English is matched lower-cased with hyphens
read as spaces. Every match on the folded copy maps back to the exact span of the text as
given, which is what evidence quotes."""

import re
from dataclasses import dataclass

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    "\u00a0": " ",
    "\u200f": " ",
    "\u200e": " ",
    "-": " ",
    "‐": " ",
    "–": " ",
    "—": " ",
    "/": " ",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
}
_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})  # ٠١٢…
_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})  # ۰۱۲… (Persian forms)
_DROP = set("\u0640'’ʼ‘`ʿ") | {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"}
_DROP |= {chr(c) for c in range(0x0610, 0x061B)}


_LETTERS = str.maketrans({k: v for k, v in _FOLD.items() if "\u0600" <= k <= "\u06ff"})


def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """A pattern for folded text, written with ordinary Arabic spelling: its hamza forms, taa
    marbuta and alif maqsura are folded the way the text is, so طائرة matches طايره."""
    return re.compile(pattern.translate(_LETTERS), flags)


@dataclass(frozen=True)
class Folded:
    text: str  # the article as given
    folded: str
    index: list[int]  # folded position -> position in `text`

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded[start:end]."""
        return self.index[start], self.index[end - 1] + 1

    def evidence(self, start: int, end: int) -> dict:
        s, e = self.span(start, end)
        return {"start": s, "end": e, "text": self.text[s:e]}


def fold_word(text: str) -> str:
    return fold(text).folded


def fold(text: str) -> Folded:
    out, index = [], []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        ch = _FOLD.get(ch, ch)
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        index.append(i)
    return Folded(text=text, folded="".join(out), index=index)


_SENTENCE_END = re.compile(r"[.!?؟\n]+(?=\s|$)|\n")


def sentences(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the folded text, blank ones left out. A full stop
    inside a number or an abbreviation such as "U.S." does not end a sentence."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(folded):
        end = m.end()
        before = folded[max(0, m.start() - 3) : m.start()]
        if m.group().startswith(".") and "\n" not in m.group() and _abbreviation(before):
            continue
        if folded[start:end].strip():
            spans.append((start, end))
        start = end
    if folded[start:].strip():
        spans.append((start, len(folded)))
    return spans


def _abbreviation(before: str) -> bool:
    # "u.s." / "jan." / "a.m.": one or two letters, or a known short month
    word = re.search(r"(\w+)$", before)
    if not word:
        return False
    w = word.group(1)
    return len(w) == 1 or w in {
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
