"""Reading one CSV row's cells into typed values, collecting every problem with its column and
value instead of stopping at the first."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from incidents.models import Weapon
from incidents.rules import MAX_COUNT, control_character_problem

BREAKS = re.compile(r"[\t\n\r]")
FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?!\s*\d[\d.,]*\s*$))")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%Y/%m/%d")

# ISO 3166 alpha-2 for the countries names and numeric codes ACLED and UCDP use in the region.
COUNTRIES = {
    "IQ": ("368", "Iraq"),
    "SY": ("760", "Syria"),
    "JO": ("400", "Jordan"),
    "IR": ("364", "Iran"),
    "LB": ("422", "Lebanon"),
    "TR": ("792", "Turkey"),
    "SA": ("682", "Saudi Arabia"),
    "KW": ("414", "Kuwait"),
    "IL": ("376", "Israel"),
    "PS": ("275", "Palestine"),
    "YE": ("887", "Yemen"),
    "AE": ("784", "United Arab Emirates"),
    "QA": ("634", "Qatar"),
    "BH": ("048", "Bahrain"),
    "US": ("840", "United States"),
}
COUNTRY_LOOKUP = {
    **{code.lower(): code for code in COUNTRIES},
    **{num: code for code, (num, _) in COUNTRIES.items()},
    **{num.lstrip("0"): code for code, (num, _) in COUNTRIES.items()},
    **{name.lower(): code for code, (_, name) in COUNTRIES.items()},
    "iran (islamic republic of)": "IR",
    "syrian arab republic": "SY",
    "turkey (turkiye)": "TR",
    "türkiye": "TR",
    "united states of america": "US",
}

# Words in a note or headline that name the weapon, in English and Arabic (folded).
WEAPON_WORDS = [
    (Weapon.BALLISTIC_MISSILE, ("ballistic", "باليستي")),
    (Weapon.CRUISE_MISSILE, ("cruise missile", "كروز")),
    (Weapon.DRONE, ("drone", "uav", "مسير", "مسيره", "مسيرة")),
    (Weapon.MORTAR, ("mortar", "هاون")),
    (Weapon.ROCKET, ("rocket", "katyusha", "صاروخ", "صواريخ", "كاتيوشا")),
    (Weapon.IED, ("ied", "roadside bomb", "explosive device", "عبوة", "عبوه")),
]


_WEAPON_PATTERNS = [
    (weapon, re.compile("|".join(rf"(?<!\w){re.escape(w)}" for w in words)))
    for weapon, words in WEAPON_WORDS
]


def weapon_from_words(*texts: str) -> str:
    folded = " ".join(t.lower() for t in texts if t)
    for weapon, pattern in _WEAPON_PATTERNS:
        if pattern.search(folded):
            return weapon
    return ""


class Cells:
    """One row's cells by column name; every parse failure is kept as (column, value, reason)."""

    def __init__(self, index: dict[str, int], cells: list[str]):
        self.index = index
        self.cells = cells
        self.errors: list[tuple[str, str, str]] = []

    def raw(self, column: str) -> str:
        i = self.index.get(column)
        return self.cells[i].strip() if i is not None else ""

    def error(self, column: str, reason: str, value: str | None = None) -> None:
        self.errors.append((column, self.raw(column) if value is None else value, reason))

    def text(
        self, column: str, *, max_length: int = 0, required: bool = False, lines: bool = False
    ) -> str:
        """The cell as text. Line breaks and tabs become spaces unless `lines` (a summary, a
        note); other control characters are the row's error, as the models would refuse them
        at write time and stop the whole batch."""
        value = self.raw(column)
        if not lines and BREAKS.search(value):
            value = " ".join(value.split())
        if value.startswith("'") and FORMULA.match(value[1:]):
            value = value[1:]  # Salvo's own export neutralised this cell; it is plain text
        elif FORMULA.match(value):
            self.error(
                column,
                _(
                    "Looks like a spreadsheet formula; put an apostrophe before it to keep it "
                    "as text."
                ),
            )
            return ""
        if "\x00" in value:
            self.error(column, _("Contains a NUL character."))
            return ""
        if problem := control_character_problem(value):
            self.error(column, str(problem))
            return ""
        if required and not value:
            self.error(column, _("Required; the cell is empty."))
        if max_length and len(value) > max_length:
            self.error(
                column,
                _("Longer than %(limit)s characters (%(length)s).")
                % {"limit": max_length, "length": len(value)},
            )
            return value[:max_length]
        return value

    def integer(self, column: str, *, required: bool = False, maximum: int = MAX_COUNT):
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Required; the cell is empty."))
            return None
        try:
            number = int(float(value)) if re.fullmatch(r"\d+\.0*", value) else int(value)
        except ValueError:
            self.error(column, _("Not a whole number."))
            return None
        if not 0 <= number <= maximum:
            self.error(column, _("Must be between 0 and %(max)s.") % {"max": f"{maximum:,}"})
            return None
        return number

    def coordinate(self, column: str, limit: float):
        value = self.raw(column)
        if not value:
            self.error(column, _("Required; the cell is empty."))
            return None
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            self.error(column, _("Not a number."))
            return None
        if not -limit <= number <= limit:  # also refuses nan and inf
            shown = f"{limit:g}"
            self.error(column, _("Out of range: must be between -%(l)s and %(l)s.") % {"l": shown})
            return None
        return number

    def date(self, column: str, *, required: bool = True):
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Required; the cell is empty."))
            return None
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        self.error(column, _("Not a date; use YYYY-MM-DD (or 28 January 2024)."))
        return None

    def country(self, *columns: str) -> str:
        for column in columns:
            value = self.raw(column)
            if value and value.lower() in COUNTRY_LOOKUP:
                return COUNTRY_LOOKUP[value.lower()]
        shown = " / ".join(self.raw(c) for c in columns if self.raw(c))
        self.error(columns[-1], _("Unknown country."), shown)
        return ""

    def names(self, column: str) -> list[str]:
        text = self.text(column)
        return [n.strip() for n in text.split(";") if n.strip()]
