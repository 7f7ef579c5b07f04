"""ISO 3166-1 alpha-2: the codes a place's or actor's country may take."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 249 officially assigned codes, plus XK (Kosovo), which ACLED and UCDP use.
ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW XK
    """.split()  # noqa: SIM905 - a table to read, not 250 quoted strings
)


def validate_country_code(value: str):
    if value and value not in ISO_3166_ALPHA2:
        raise ValidationError(
            _("“%(code)s” is not an ISO 3166-1 country code; use one such as IQ, SY or JO."),
            params={"code": value},
            code="country",
        )


# Names of the countries Salvo's reports come from, in the interface's language (the gazetteer
# holds codes). Any other code is shown as the code.
COUNTRY_NAMES = {
    "AE": _("United Arab Emirates"),
    "BH": _("Bahrain"),
    "DJ": _("Djibouti"),
    "EG": _("Egypt"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "IL": _("Israel"),
    "IQ": _("Iraq"),
    "IR": _("Iran"),
    "JO": _("Jordan"),
    "KW": _("Kuwait"),
    "LB": _("Lebanon"),
    "OM": _("Oman"),
    "PS": _("Palestine"),
    "QA": _("Qatar"),
    "SA": _("Saudi Arabia"),
    "SY": _("Syria"),
    "TR": _("Turkey"),
    "US": _("United States"),
    "YE": _("Yemen"),
}


def country_name(code: str) -> str:
    """The country's name in the active language, or the code itself when Salvo has no name."""
    return str(COUNTRY_NAMES.get(code, code or ""))
