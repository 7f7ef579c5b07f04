"""Text normalisation so that a search matches however Arabic or a transliteration is typed.

Arabic: diacritics (harakat, superscript alef) and tatweel are dropped; alef with hamza or madda
and alef wasla become bare alef; taa marbuta becomes haa; alef maqsura becomes yaa; hamza on
waw / yaa become the bare letters. Latin: case-folded, accents stripped, and hyphens,
apostrophes and the Arabic article's variants ("al-", "el-") kept as plain words.
"""

import re
import sys
import unicodedata
from functools import cache

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u06cc": "\u064a",  # Persian yeh
        "\u06a9": "\u0643",  # Persian kaf
    }
)
_PUNCTUATION = re.compile(r"[\s\-‐-―'’‘`ʿʾ\"“”«»().,;:!?،؛؟/\\]+")


@cache
def _combining() -> dict[int, None]:
    """A str.translate table deleting every combining mark (about 900 code points; built once
    per process, in a tenth of a second): the same as testing unicodedata.combining() on each
    character, which was most of the time spent folding a long note."""
    return {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}


def normalize_search(text: str) -> str:
    """Fold `text` to the form stored in search columns and used for queries."""
    if not text:
        return ""
    if text.isascii():  # the same result: nothing to compose, fold or strip but case
        return _PUNCTUATION.sub(" ", text.casefold()).strip()
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTERS)
    # Strip Latin accents (ʿAyn, Rumaylān) without touching Arabic letters.
    text = unicodedata.normalize("NFKD", text).translate(_combining())
    text = unicodedata.normalize("NFC", text).casefold()
    return _PUNCTUATION.sub(" ", text).strip()


def search_blob(*parts) -> str:
    """Join names, aliases and free text into one normalised, space-delimited column."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        if isinstance(part, list | tuple):
            words.extend(normalize_search(str(p)) for p in part if p)
        else:
            words.append(normalize_search(str(part)))
    return " " + " | ".join(w for w in words if w) + " "
