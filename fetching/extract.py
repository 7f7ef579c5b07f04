"""From a fetched page to what the intake form asks for: main text, title, publication date,
language and author, read by trafilatura (docs/fetch.md says why). Photo captions are taken out
of the text and kept apart: news sites caption old file photos ("archive image of the base,
2019") and a caption read as the story would put a second, wrong attack into it."""

import re
from datetime import date

import lxml.etree
import lxml.html
import trafilatura
from django.utils.translation import gettext as _

from incidents.rules import MAX_ARTICLE_TEXT

CAPTIONS = ["//figcaption", "//figure", "//*[contains(@class, 'caption')]"]
_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_PERSIAN = re.compile(r"[پچژگکی]")
KNOWN = {"ar", "en", "fa", "ku", "fr"}


def _language(body: bytes, text: str) -> str:
    """The page's declared language when Salvo knows it, else the script the text is in."""
    declared = _LANG.search(body[:4096])
    if declared:
        code = declared.group(1).decode().lower()[:2]
        if code in KNOWN:
            return code
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic > latin:
        return "fa" if len(_PERSIAN.findall(text)) > arabic / 50 else "ar"
    return "en" if latin else ""


def _captions(body: bytes) -> list[str]:
    try:
        tree = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for node in tree.xpath("//figcaption | //*[contains(@class, 'caption')]"):
        words = " ".join(node.text_content().split())
        if words and words not in found:
            found.append(words[:500])
    return found[:20]


def _plausible(day: str):
    try:
        parsed = date.fromisoformat((day or "")[:10])
    except ValueError:
        return None
    return parsed if date(1990, 1, 1) <= parsed <= date.today() else None


def extract(body: bytes, *, url: str) -> dict:
    """The intake fields read from `body`; a field the page does not give is empty."""
    doc = trafilatura.bare_extraction(
        body,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        prune_xpath=CAPTIONS,
    )
    text = (getattr(doc, "text", "") or "").strip()[:MAX_ARTICLE_TEXT] if doc else ""
    title = " ".join((getattr(doc, "title", "") or "").split())[:500] if doc else ""
    published = _plausible(getattr(doc, "date", "")) if doc else None
    author = " ".join((getattr(doc, "author", "") or "").split())[:200] if doc else ""
    first, _newline, rest = text.partition("\n")
    if title and " ".join(first.split()) == title:
        text = rest.strip()  # the headline repeated as the text's first line
    return {
        "title": title,
        "text": text,
        "published_on": published.isoformat() if published else "",
        "published_note": (
            _("Read from the page by the fetcher; check it against the article.")
            if published
            else ""
        ),
        "language": _language(body, text),
        "author": author,
        "captions": _captions(body),
        "sitename": (getattr(doc, "sitename", "") or "")[:200] if doc else "",
    }
