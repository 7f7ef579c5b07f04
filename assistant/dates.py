"""When an attack happened, read from the words that say so and resolved against the day the
article was published: weekdays (the most recent one on or before publication; "last"
Thursday is strictly before), yesterday / the day before / today / last night, dates written
out with or without the year, months and parts of months, "last week", "a few days ago".

Everything matches folded text (see text.py). Each match gives a window (start, end), a
precision (day, span, week, month, year) and the words it was read from; a date the text does
not give is None, never the publication date by default."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import rx

WEEKDAYS_AR = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}
WEEKDAYS_EN = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# Both the Gregorian names and the Levantine/Iraqi ones, folded.
MONTHS_AR = {
    "يناير": 1,
    "كانون الثاني": 1,
    "فبراير": 2,
    "شباط": 2,
    "مارس": 3,
    "اذار": 3,
    "ابريل": 4,
    "نيسان": 4,
    "مايو": 5,
    "ايار": 5,
    "يونيو": 6,
    "يونيه": 6,
    "حزيران": 6,
    "يوليو": 7,
    "يوليه": 7,
    "تموز": 7,
    "اغسطس": 8,
    "اب": 8,
    "سبتمبر": 9,
    "ايلول": 9,
    "اكتوبر": 10,
    "تشرين الاول": 10,
    "نوفمبر": 11,
    "تشرين الثاني": 11,
    "ديسمبر": 12,
    "كانون الاول": 12,
}
MONTHS_EN = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
}
MONTHS_EN |= {"oct": 10, "nov": 11, "dec": 12}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_B = r"(?<!\w)"
_E = r"(?!\w)"
_CL = r"(?:[وفب]|في\s+)?"  # clitic "and"/"then"/"in" before a date word
# "March/آذار" style pairs: one Arabic month name, optionally "/ other name"
_MONTH_AR = rf"(?:{_alt(MONTHS_AR)})(?:\s*\(?\s*(?:{_alt(MONTHS_AR)})\s*\)?)?"
_MONTH_EN = rf"(?:{_alt(MONTHS_EN)})\.?"
_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class When:
    start: dt.date
    end: dt.date
    precision: str  # day | span | week | month | year
    span: tuple[int, int]  # in the folded text
    words: str

    @property
    def resolved(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_of(words: str, table: dict) -> int | None:
    for name in sorted(table, key=len, reverse=True):
        if re.search(rf"{_B}{re.escape(name)}{_E}", words):
            return table[name]
    return None


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """A date written without its year: the latest one not after publication."""
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=1):
            year -= 1
        dt.date(year, month, day)
    except ValueError:
        return None
    return year


def _month_window(year: int, month: int, part: str = "") -> tuple[dt.date, dt.date, str]:
    """The whole month, also for "early/late <month>": the part is kept in the words, but a
    catalogue's month precision covers the month (so a draft made from it is valid)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


_PART_AR = {"اوائل": "early", "مطلع": "early", "بدايه": "early", "منتصف": "mid"}
_PART_AR |= {"اواخر": "late", "نهايه": "late", "اواسط": "mid", "اخر": "late"}
_PART_EN = {"early": "early", "mid": "mid", "late": "late", "the end of": "late"}
_PART_EN |= {"the middle of": "mid", "the beginning of": "early", "the start of": "early"}

_PATTERNS: list[tuple[str, re.Pattern]] = []


def _add(kind: str, pattern: str) -> None:
    _PATTERNS.append((kind, rx(pattern)))


_WD_AR = _alt(WEEKDAYS_AR)
_WD_EN = _alt(WEEKDAYS_EN)
_DAYPART_AR = r"(?:فجر|صباح|ظهر|عصر|مساء|ليل|ليله|ظهيره|منتصف\s+ليل|منتصف\s+ليله)"

# explicit dates first: they win over relative words in the same sentence
# 2024/2/13, 13/2/2024, 13.2.2024 ("/" is folded to a space)
_SEP = r"(?:\s?[.]\s?|\s)"
_add("ymd", rf"{_B}(?P<y>{_YEAR}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<d>\d{{1,2}}){_E}")
_add("dmy", rf"{_B}(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>{_YEAR}){_E}")
_add(
    "day_month_ar",
    rf"{_B}(?:ال\s*)?(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<mon>{_MONTH_AR})"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام|سنه)\s+)?(?P<y>{_YEAR}))?{_E}",
)
_add(
    "day_month_en",
    rf"{_B}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_EN})(?:,?\s+(?P<y>{_YEAR}))?{_E}",
)
_add(
    "month_day_en",
    rf"{_B}(?P<mon>{_MONTH_EN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?{_E}",
)
# weekday forms (with an optional part of the day, "yesterday", "last")
_add(
    "weekday_ar",
    rf"{_B}(?P<pre>(?:{_CL}(?:يوم\s+)?(?:{_DAYPART_AR})\s+)?(?:{_CL}(?:يوم|اليوم|امس|الامس)\s+)?)"
    rf"\(?[وف]?(?P<wd>{_WD_AR})\)?(?P<last>\s+(?:الماضي|المنصرم|الفائت))?{_E}",
)
_add(
    "weekday_en",
    rf"{_B}(?P<pre>(?:(?:on|early|late|last|this|next)\s+)*)(?P<wd>{_WD_EN})"
    rf"(?P<post>(?:\s+(?:morning|afternoon|evening|night))?){_E}",
)
_add("before_yesterday_ar", rf"{_B}{_CL}(?:اول\s+امس|امس\s+الاول|اول\s+من\s+امس){_E}")
_add("yesterday_ar", rf"{_B}(?:{_CL}(?:{_DAYPART_AR})\s+)?{_CL}(?:امس|البارحه){_E}")
_add("today_ar", rf"{_B}(?:{_CL}(?:{_DAYPART_AR})\s+)?{_CL}(?:اليوم|الليله|قبل\s+قليل){_E}")
_add("before_yesterday_en", rf"{_B}the\s+day\s+before\s+yesterday{_E}")
_add("yesterday_en", rf"{_B}(?:yesterday|last\s+night|late\s+last\s+night){_E}")
_add("today_en", rf"{_B}(?:today|this\s+morning|tonight|earlier\s+today){_E}")
_add("overnight_en", rf"{_B}overnight{_E}")
_add("last_week", rf"{_B}(?:last\s+week|earlier\s+this\s+week|الاسبوع\s+الماضي){_E}")
_add(
    "days_ago",
    rf"{_B}(?:a\s+few\s+days\s+ago|days\s+ago|{_CL}قبل\s+(?:بضعه\s+|عده\s+)?ايام){_E}",
)
_add("month_ago", rf"{_B}(?:about\s+a\s+month\s+ago|a\s+month\s+ago|{_CL}قبل\s+(?:نحو\s+)?شهر){_E}")
_add(
    "last_month",
    rf"{_B}(?P<part>(?:{_alt(_PART_AR)})\s+)?{_CL}(?:الشهر\s+(?:الماضي|المنصرم|الفائت)){_E}"
    rf"|{_B}last\s+month{_E}",
)
_add(
    "month_ar",
    rf"{_B}(?P<part>(?:{_alt(_PART_AR)})\s+)?(?P<pre>(?:[وف]?في\s+)?(?:شهر\s+)?)(?P<mon>{_MONTH_AR})"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام|سنه)\s+)?(?P<y>{_YEAR}))?(?P<last>\s+(?:الماضي|المنصرم))?{_E}",
)
_add(
    "month_en",
    rf"{_B}(?P<pre>(?:in|since|during|of)\s+)?(?P<part>(?:{_alt(_PART_EN)})\s+)?(?P<mon>{_MONTH_EN})"
    rf"(?:\s+(?P<y>{_YEAR}))?{_E}",
)
_add("year", rf"{_B}(?:in|during|عام|العام|سنه|في\s+عام)\s+(?P<y>{_YEAR}){_E}")

_DAY_KINDS = {"ymd", "dmy", "day_month_ar", "day_month_en", "month_day_en"}


def _last_weekday(published: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _one(kind: str, m: re.Match, published: dt.date | None):
    """(start, end, precision) for one match, or None when it cannot be resolved."""
    g = m.groupdict()
    if kind in ("ymd", "dmy"):
        try:
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return day, day, "day"
    if kind in ("day_month_ar", "day_month_en", "month_day_en"):
        month = _month_of(g["mon"], MONTHS_AR if kind.endswith("ar") else MONTHS_EN)
        if month is None:
            return None
        d = int(g["d"])
        year = int(g["y"]) if g.get("y") else _year_for(month, d, published)
        if year is None:
            return None
        try:
            day = dt.date(year, month, d)
        except ValueError:
            return None
        return day, day, "day"
    if kind == "year":
        y = int(g["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if kind in ("month_ar", "month_en"):
        month = _month_of(g["mon"], MONTHS_AR if kind == "month_ar" else MONTHS_EN)
        if month is None:
            return None
        if not ((g.get("pre") or "").strip() or g.get("part") or g.get("y") or g.get("last")):
            return None  # a bare "May" or "آب" is too often another word
        if g.get("y"):
            year = int(g["y"])
        elif published is None:
            return None
        else:
            year = published.year if month <= published.month else published.year - 1
        part = (g.get("part") or "").strip()
        part = _PART_AR.get(part) or _PART_EN.get(part, "")
        return _month_window(year, month, part)
    if published is None:
        return None
    if kind == "weekday_ar":
        pre = g.get("pre") or ""
        wd = WEEKDAYS_AR[g["wd"]]
        strictly = bool(g.get("last"))
        day = _last_weekday(published, wd, strictly)
        if re.search(r"(?<!\w)ليله\s", pre):  # "the night of Sunday" is Saturday night
            day -= dt.timedelta(days=1)
        return day, day, "day"
    if kind == "weekday_en":
        pre = g.get("pre") or ""
        wd = WEEKDAYS_EN[g["wd"]]
        day = _last_weekday(published, wd, "last" in pre)
        return day, day, "day"
    if kind in ("before_yesterday_ar", "before_yesterday_en"):
        day = published - dt.timedelta(days=2)
        return day, day, "day"
    if kind in ("yesterday_ar", "yesterday_en"):
        day = published - dt.timedelta(days=1)
        return day, day, "day"
    if kind in ("today_ar", "today_en"):
        return published, published, "day"
    if kind == "overnight_en":
        return published - dt.timedelta(days=1), published, "span"
    if kind == "last_week":
        return published - dt.timedelta(days=9), published - dt.timedelta(days=3), "week"
    if kind == "days_ago":
        return published - dt.timedelta(days=6), published - dt.timedelta(days=2), "span"
    if kind == "month_ago":
        back = published - dt.timedelta(days=30)
        return _month_window(back.year, back.month)
    if kind == "last_month":
        back = published.replace(day=1) - dt.timedelta(days=1)
        part = (g.get("part") or "").strip()
        return _month_window(back.year, back.month, _PART_AR.get(part, ""))
    return None


def find_dates(folded: str, start: int, end: int, published: dt.date | None) -> list[When]:
    """Every date expression in folded[start:end], in reading order; where two overlap, the
    longer (more specific) one."""
    found: list[tuple[int, int, str, re.Match]] = []
    chunk = folded[start:end]
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(chunk):
            if m.end() - m.start() < 2:
                continue
            found.append((m.start() + start, m.end() + start, kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[When] = []
    taken_until = -1
    for s, e, kind, m in found:
        if s < taken_until:
            # A weekday inside an explicit date ("السبت 15 آب") refines nothing: keep the first.
            continue
        window = _one(kind, m, published)
        if window is None:
            continue
        # Trim a leading clitic space the pattern allowed.
        text = folded[s:e]
        lead = len(text) - len(text.lstrip())
        out.append(When(window[0], window[1], window[2], (s + lead, e), text.strip()))
        taken_until = e
    return _merge_adjacent(out, folded)


def _merge_adjacent(found: list[When], folded: str) -> list[When]:
    """A weekday next to an explicit date ("Saturday (15 August 2020)") is one date; the
    explicit one wins."""
    merged: list[When] = []
    for when in found:
        if merged:
            prev = merged[-1]
            gap = folded[prev.span[1] : when.span[0]]
            if (
                len(gap) <= 4
                and not gap.strip(" (،,")
                and prev.precision == when.precision == "day"
            ):
                # the explicit date wins; else the later words ("yesterday, Friday": Friday)
                explicit = prev if _explicit(prev) and not _explicit(when) else when
                merged[-1] = When(
                    explicit.start,
                    explicit.end,
                    "day",
                    (prev.span[0], when.span[1]),
                    folded[prev.span[0] : when.span[1]],
                )
                continue
        merged.append(when)
    return merged


def _explicit(when: When) -> bool:
    return bool(re.search(r"\d", when.words))
