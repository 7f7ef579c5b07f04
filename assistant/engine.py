"""The article-to-incident assistant: from an article's text to suggested incidents.

`suggest()` is the one entry point the command and the API call. Its result is the shape
`../shared/corpus/score.py` reads:

    {"incidents": [{"background", "date_start", "date_end", "date_precision", "date_text",
                    "place", "weapon", "launched", "intercepted", "impacted", "killed",
                    "wounded", "claimed_by", "attributed_to", "launch_site",
                    "evidence": {field: [{"start", "end", "text"}]}, ...}],
     "unmatched_places": [...]}

How it reads: the text is folded (text.py) and cut into sentences; photo captions are set
aside. A sentence about an attack (a weapon or an attack word) that names a base from the
gazetteer opens an incident for that base, or adds to the one already open for it when its date
agrees; sentences that name no place continue the incident before them. The first incident is
the article's news; later ones dated earlier, or introduced as earlier, are background, and a
background mention without a date is dropped. Each field is filled only from words that say
it, and those words are its evidence: a field the text does not support stays None.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from . import numbers
from .dates import When, find_dates
from .gazetteer import BASE_KINDS, BASE_WORDS, Hit, Index
from .text import Folded, fold, fold_word, rx, sentences

MAX_CHARS = 200_000


class AssistantInputError(ValueError):
    """Input the assistant cannot read; `field` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# --- What the words mean (folded Arabic; lower-case English) --------------------------------

_B, _E = r"(?<!\w)", r"(?!\w)"
_CLITIC = r"(?:[وفبل]{0,2}(?:ال)?)"
WEAPONS = [  # (weapon, pattern) in order of precedence within one mention
    (
        "ballistic_missile",
        rf"{_B}{_CLITIC}(?:صواريخ|صاروخ\w*)\s+(?:ال)?باليستي\w*|ballistic\s+missiles?{_E}",
    ),
    ("cruise_missile", rf"{_B}(?:صواريخ|صاروخ\w*)\s+كروز|cruise\s+missiles?{_E}"),
    (
        "drone",
        rf"{_B}{_CLITIC}(?:طائر\w*\s+(?:ال)?(?:مسير\w*|مفخخ\w*)|مسير(?:ه|ات|تين|تان)|درون\w*){_E}"
        rf"|{_B}(?:drones?|uavs?|unmanned\s+aerial\s+vehicles?){_E}",
    ),
    ("mortar", rf"{_B}{_CLITIC}(?:هاون){_E}|{_B}mortars?{_E}"),
    (
        "rocket",
        rf"{_B}{_CLITIC}(?:صواريخ|صاروخ\w*|كاتيوشا|قذائف\s+صاروخيه|قذيف\w*\s+صاروخي\w*|غراد){_E}"
        rf"|{_B}(?:rockets?|katyushas?|107\s?mm|122\s?mm){_E}",
    ),
    ("ballistic_missile", rf"{_B}missiles?{_E}"),
    ("unknown", rf"{_B}indirect\s+fire{_E}"),
]
_WEAPON_RE = [(w, rx(p)) for w, p in WEAPONS]
_ATTACK = rx(
    rf"{_B}{_CLITIC}(?:هجوم\w*|استهداف\w*|استهدف\w*|قصف\w*|سقط\w*|سقوط|قذيف\w*|قذائف){_E}"
    rf"|{_B}(?:attack(?:ed|s)?|struck|hit|targeted|fired|launched|shelled|salvo){_E}"
)
_CAPTION = rx(
    r"(?:صوره\s+ارشيفيه|ارشيفيه|\(\s*صوره|صوره\s*:|file\s+photo|\bphoto\b|getty|afp\s+via|\(ap\b|"
    r"reuters\s*/|archive\s+photo|^\W*صوره\s)"
)
# A tally or a general statement ("since October, dozens of attacks have targeted bases such
# as ..."): no one attack is reported in it.
_TALLY = rx(
    rf"{_B}(?:منذ|ومنذ|since|so\s+far|to\s+date){_E}.*{_B}(?:هجمات|الهجمات|عشرات|attacks|dozens){_E}"
    rf"|{_B}(?:هجمات|الهجمات|عشرات|attacks|dozens){_E}.*{_B}(?:منذ|since){_E}"
    rf"|{_B}(?:more\s+than|over|at\s+least|اكثر\s+من|نحو)\s+\d+\s+(?:attacks|هجوم\w*){_E}"
)
_NOT_A_BASE_ATTACK = rx(
    rf"{_B}{_CLITIC}(?:رتل|ارتال|مصفاه|مصفى|غارات?|غاره){_E}"
    rf"|{_B}(?:convoys?|refinery|air\s*strikes?|airstrikes?|retaliat\w*){_E}"
)
_BACKGROUND = rx(
    rf"{_B}{_CLITIC}(?:سابق\w*|منذ|مماثل\w*){_E}"
    rf"|{_B}(?:earlier|previous\w*|since|similar|prior){_E}"
)
_LAUNCH = rx(
    rf"{_B}(?:اطلق\w*|انطلق\w*|اطلاق\w*)\s+(?:\w+\s+){{0,3}}?من\s+(?P<site>[^،,.؛\n]{{3,60}})"
    rf"|{_B}(?:fired|launched)\s+(?:\w+\s+){{0,3}}?from\s+(?P<site_en>[^,.;\n]{{3,60}})"
)
_NEAR = rx(
    rf"(?:{_B}(?:قرب|بالقرب\s+من|محيط|القريب\w*\s+من|قريب\w*\s+من|(?:علي\s+)?مقربه\s+من|near|outside"
    rf"|close\s+to|next\s+to)\s+(?:\w+\s+)?)$"
)
# "a base in the Rmeilan area": the locality around the base, when the base is named too
_LOCALITY = rx(
    rf"{_B}[بف]?(?:منطقه|ناحيه|بلده|مدينه|قضاء|ريف|area\s+of|region\s+of|town\s+of|city\s+of)\s+$"
)

# Numbers of projectiles: a number before the noun, the noun's dual, or a singular.
_NOUN_PL = (
    r"(?:صواريخ|قذائف|طائرات\s+مسيره|مسيرات|طائرات|مقذوفات|rockets|missiles|drones|rounds|"
    r"mortars|mortar\s+rounds|projectiles|katyushas|uavs)"
)
_COUNT = rx(
    rf"{_B}\(?(?P<num>{numbers.NUMBER})\)?\s+(?:من\s+)?(?:\d+\s?mm\s+|[a-z]+\s+)?(?P<noun>{_NOUN_PL}){_E}"
)
_DUAL = rx(
    rf"{_B}{_CLITIC}(?P<noun>صاروخين|صاروخان|قذيفتين|قذيفتان|طائرتين|طائرتان|مسيرتين|مسيرتان){_E}"
)
_SINGLE = rx(
    rf"{_B}(?:(?:ب)?(?P<ar>صاروخا|صاروخ\s+واحد|قذيفه\s+واحده|طائره\s+(?:مسيره|بدون\s+طيار|مفخخه)(?:\s+واحده)?|مسيره\s+واحده))(?!\w)"
    rf"|{_B}(?:سقوط|سقط|اطلاق|اطلق|انفجار)\s+(?P<ar2>صاروخ|قذيفه)(?!\w)(?!\s+(?:واحد|واحده))"
    rf"|{_B}(?P<en>(?:a|an|one|a\s+single|single)\W+(?:[a-z]+\W+){{0,3}}?(?:rocket|drone|missile|mortar\s+round|projectile))"
    rf"(?!\w)(?!\s+(?:attack|strike|assault|launch)s?(?!\w))"
)
_INTERCEPT = rx(
    rf"{_B}{_CLITIC}(?:اسقاط\w*|اسقط\w*|اعتراض\w*|اعترض\w*|تدمير\w*|التصدي|تصدت|تصدى|التعامل\s+مع|معالجت\w*|معالجه){_E}"
    rf"|{_B}(?:shot\s+down|intercept\w*|downed|brought\s+down|destroyed){_E}"
)
# "the second rocket was dealt with", "the drone was shot down": one of them
_ONE_SUBJECT = rx(
    rf"{_B}(?:ال(?:صاروخ|طائره|مسيره|قذيفه)(?:\s+ال(?:اول|ثاني|ثالث|رابع|اخير))?|the\s+(?:first\s+|second\s+|third\s+|other\s+)?(?:rocket|drone|missile))"
    rf"(?:\s+(?:تم|تمت|was|has\s+been))?\s+$"
)
_OF_THEM = rx(rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:منها|منهم|منهما|of\s+them|of\s+the\s+\w+){_E}")
_ONE_OF = rx(
    rf"{_B}[لو]?(?:احد(?:ها|هما|اها|اهما)?|احدى|واحد(?:ا|ه)?\s+منها"
    rf"|one\s+of\s+(?:them|the\s+\w+|which)|one\s+(?:was|rocket|drone)){_E}"
)
_PEOPLE = (
    r"(?:(?:u\s?s\s?|american|iraqi|coalition|syrian)\s+)?(?:service\s?members|soldiers|troops|"
    r"personnel|people|persons|contractors|civilians|members)"
)
_PEOPLE_WORD = r"[^\W\d]+"  # a word, not a number
_KILLED = [
    rx(rf"{_B}(?:مقتل|قتل)\s+(?P<num>{numbers.NUMBER}){_E}"),
    rx(rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:\w+\s+)?(?:قتلى|قتيل\w*){_E}"),
    rx(rf"{_B}(?:killing|killed)\s+(?P<num>{numbers.NUMBER}){_E}"),
    rx(
        rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:{_PEOPLE}\s+)?(?:were\s+|was\s+)?(?:killed|dead|died){_E}"
    ),
]
_WOUNDED = [
    rx(
        rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:{_PEOPLE}\s+)?(?:suffered|sustained|received)\s+"
        rf"(?:\w+\s+)?(?:injuries|wounds|injury){_E}"
    ),
    rx(rf"{_B}(?:اصابه|جرح|اصيب)\s+(?P<num>{numbers.NUMBER}){_E}"),
    rx(rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:\w+\s+)?(?:جرحى|مصابين|بجروح|اصابات){_E}"),
    rx(rf"{_B}(?:wounding|injuring|wounded|injured|injuries\s+to)\s+(?P<num>{numbers.NUMBER}){_E}"),
    rx(
        rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:{_PEOPLE}\s+)?(?:were\s+|was\s+)?(?:(?:slightly|seriously|lightly)\s+)?(?:wounded|injured|hurt){_E}"
    ),
]
_NO_CASUALTIES = rx(
    rf"{_B}(?:دون|بدون|من\s+دون|ولم|لم|ولا|لا|عدم|بعدم)\s+(?:ان\s+)?(?:\w+\s+){{0,4}}?"
    rf"(?:خسائر\s+بشريه|ضحايا|اصابات|اصابه|قتلى|جرحى|اي\s+خسائر|خسائر\s+تذكر|خسائر){_E}"
    rf"|{_B}(?:no|without|not\s+cause\s+any|not\s+result\s+in\s+any|resulted\s+in\s+no)\s+(?:immediate\s+)?"
    rf"(?:reports?\s+of\s+)?(?:casualties|injuries|losses|deaths|injury|damage\s+or\s+casualties){_E}"
    rf"|{_B}no\s+one\s+(?:was\s+)?(?:hurt|injured|killed|harmed){_E}"
    rf"|{_B}(?:اضرار|خسائر)\s+ماديه\s+فقط{_E}|{_B}(?:only\s+(?:material|minor)\s+damage|damage\s+only){_E}"
    rf"|{_B}no\s+(?:u\s?s\s+)?(?:personnel|troops|one)\s+(?:were\s+|was\s+)?(?:hurt|injured|killed){_E}"
)
_MATERIAL = rx(r"\s+ماديه(?!\s+(?:او|و)\s*(?:ال)?بشري)")
_UNCERTAIN = rx(r"(?:مؤكد|غير\s+واضح|not\s+(?:immediately\s+)?clear|unclear|unknown)")
# A claim: responsibility taken, or a group's own statement that it struck
_CLAIM = rx(
    rf"{_B}{_CLITIC}(?:تبن\w*|مسؤوليت\w*){_E}|{_B}(?:claim\w*|responsibility){_E}"
    rf"|{_B}{_CLITIC}(?:اعلن\w*|بيان\w*|تليجرام|تلغرام|telegram|statement){_E}.*{_B}(?:[وف]?(?:استهدف\w*|ضرب\w*|قصف\w*)|targeted|struck|attacked|hit){_E}"
    rf"|{_B}[وف]?(?:استهدف\w*|ضرب\w*){_E}.*{_B}{_CLITIC}(?:بيان\w*|تليجرام|تلغرام|telegram|statement){_E}"
)
_NO_CLAIM = rx(
    rf"{_B}(?:لم\s+(?:تعلن|تتبن\w*|يعلن|يتبن\w*)|no\s+(?:group|one)\s+(?:has\s+|immediately\s+)?claimed|not\s+(?:immediately\s+)?claimed){_E}"
)
_BLAME = rx(
    rf"{_B}{_CLITIC}(?:اتهم\w*|تتهم|يتهم|حمل\w*|المدعوم\w*|مدعوم\w*){_E}"
    rf"|{_B}(?:blam\w*|attribut\w*|accus\w*|backed|suspected){_E}"
)
# "since late October, 22 attacks", "the base, set up in 2016": dates of no attack
_NOT_ATTACK_DATE = rx(
    rf"(?:{_B}(?:منذ|ومنذ|since)\s+(?:\w+\s+)?|{_B}(?:انشئ\w*|تاسس\w*|اسس\w*|بني\w*|افتتح\w*|"
    rf"established|founded|built|opened|set\s+up|created)\s+(?:\w+\s+){{0,3}}?)$"
)
_DISTANCE = rx(r"(?:كيلومتر\w*|كلم|كم|km|kilomet\w*|miles?)\W+(?:\w+\W+){0,3}$")
_THE_ATTACK_ON = rx(
    r"(?:(?<!\w)[وف]?الهجوم\s+(?:\w+\s+)?(?:علي|ضد)|the\s+(?:\w+\s+)?(?:attack|strike)\s+(?:on|against))\W+(?:\w+\W+)?$"
)
_RELATIVE = rx(
    rf"{_B}(?:بعد|after)\s+(?:(?P<hours>ساعات|ساعه|ساعتين|hours|an\s+hour|a\s+few\s+hours)"
    rf"|(?P<one>يوم|a\s+day|one\s+day)|(?P<two>يومين|two\s+days))\s+(?:من|of|on)?"
)
# "a base south of Mosul", "قاعدة شمالي بغداد": the town places the base, it is not the base
_DIRECTION = rx(
    r"(?:(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
    r"|(?<!\w)(?:شمال|جنوب|شرق|غرب)(?:ي|ا)?(?:\s+(?:شرق|غرب)(?:ي)?)?\s+(?:مدينه\s+|العاصمه\s+)?)$"
)
_OWNER = rx(r"(?:(?<!\w)التابع\w*|belonging\s+to|run\s+by|operated\s+by)\s+$")
_ANAPHOR = rx(
    rf"{_B}(?:[وف]?(?:هذه|ذات|نفس)\s+(?:ال)?قاعده|القاعده\s+(?:ذاتها|نفسها)|(?:the\s+same|this|that)\s+base){_E}"
)
_THE_ATTACK = rx(
    r"(?:(?<!\w)[وف]?الهجوم(?!\s+(?:الاخر|الثاني|الثالث|الاول))|(?<!\w)the\s+(?:attack|strike)(?!\s+(?:on|against)))"
)
_SAME_DAY = rx(r"(?:(?<!\w)(?:نفس|ذات)|the\s+same|that)\s+$")
_SAID = rx(
    r"(?:said|says|announced|told|stated|reported|confirmed|added|tweeted|according\s+to)\s+(?:[a-z]+\s+){0,5}?(?:on\s+)?$"
)
_STATE_CLAIM = rx(
    r"\W*(?:\w+\W+){0,2}?(?:اعلن\w*\s+(?:مسؤوليت\w*|استهداف\w*|تنفيذ\w*)|تبن\w*|claimed|said\s+it\s+(?:struck|fired|targeted|launched))"
)
CLAIMANT_KINDS = {"armed_group", "front_group", "umbrella", "unknown"}


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Sentence:
    start: int
    end: int
    places: list[Hit]
    dates: list[When]
    attack: bool
    said: bool = False  # its only dates are when someone spoke, not when anything happened
    said_spans: frozenset = frozenset()  # the dates that are when someone spoke


@dataclass
class Draft:
    place: Hit | None
    sentences: list[Sentence] = field(default_factory=list)
    when: When | None = None
    background: bool = False
    index: int = 0  # order of appearance
    together: list = field(default_factory=list)  # drafts opened by one sentence
    weak: bool = False  # dated only by a statement ("officials said on Thursday")


def suggest(
    text: str,
    *,
    language: str,
    published: dt.date | None = None,
    places: Index | None = None,
    actors: Index | None = None,
) -> dict:
    """Suggested incidents for one article. `places` and `actors` default to the database's
    gazetteer. Raises AssistantInputError for input it cannot read."""
    _check(text, language, published)
    if places is None or actors is None:
        from .gazetteer import from_database

        db_places, db_actors = from_database()
        places = places or db_places
        actors = actors or db_actors
    f = fold(text)
    reading = _read(f, published or _dateline(f), places)
    drafts = _group(reading, places, f.folded)
    if drafts and drafts[0].when is None and published is not None:
        drafts[0].when = _printed_week(f, published)
    incidents = [_incident(d, f, reading, places, actors) for d in drafts]
    return {
        "language": language,
        "published": published.isoformat() if published else None,
        "incidents": [i for i in incidents if i is not None],
        "unmatched_places": _unmatched(f, places),
    }


def _dateline(f: Folded) -> dt.date | None:
    """With no publication date given, the latest full date the text prints (a dateline, a
    tweet's date) stands in for it, so that "on Saturday" can still be resolved."""
    best = None
    for when in find_dates(f.folded, 0, len(f.folded), None):
        if (
            when.precision == "day"
            and re.search(r"\d{4}", when.words)
            and re.search(r"\d{1,2}\D", when.words + " ")
        ):
            best = when.start if best is None or when.start > best else best
    return best


def _printed_week(f: Folded, published: dt.date) -> When | None:
    """The article's news with no date in its sentences: the week up to the publication date,
    when the text prints that date (its dateline is then the evidence); else nothing."""
    for when in find_dates(f.folded, 0, len(f.folded), None):
        if when.precision == "day" and when.start == published and re.search(r"\d{4}", when.words):
            return When(published - dt.timedelta(days=6), published, "week", when.span, when.words)
    return None


def _check(text, language, published) -> None:
    if not isinstance(text, str) or not text.strip():
        raise AssistantInputError("text", "The article text is empty.")
    if len(text) > MAX_CHARS:
        raise AssistantInputError(
            "text", f"The article is longer than {MAX_CHARS:,} characters; paste the article only."
        )
    if "\x00" in text or sum(ch < " " and ch not in "\n\r\t" for ch in text) > len(text) // 100:
        raise AssistantInputError("text", "This is not readable text (control characters).")
    if language not in ("ar", "en"):
        raise AssistantInputError("language", "The language must be ar or en.")
    if published is not None and published > dt.date.today() + dt.timedelta(days=1):
        raise AssistantInputError("published", "The publication date is in the future.")


def _read(f: Folded, published, places: Index) -> list[Sentence]:
    out = []
    for start, end in sentences(f.folded):
        chunk = f.folded[start:end]
        if _CAPTION.search(chunk):
            continue  # a photo caption: its date is the photo's, not the attack's
        weapon = any(p.search(chunk) for _, p in _WEAPON_RE)
        dates = [
            w
            for w in find_dates(f.folded, start, end, published)
            if not _NOT_ATTACK_DATE.search(f.folded, max(start, w.span[0] - 30), w.span[0])
            # "the same day": the day of the attack just read, not today
            and not _SAME_DAY.search(f.folded, max(start, w.span[0] - 8), w.span[0])
        ]
        if not dates and _TALLY.search(chunk):
            continue  # a tally with no date of its own
        # "officials said on Monday that ... an attack last week": Monday is when they spoke
        said = {
            w.span for w in dates if _SAID.search(f.folded, max(start, w.span[0] - 60), w.span[0])
        }
        dates.sort(key=lambda w: w.span in said)
        out.append(
            Sentence(
                start,
                end,
                places.find(f.folded, start, end),
                dates,
                weapon or bool(_ATTACK.search(chunk)),
                bool(dates) and all(w.span in said for w in dates),
                frozenset(said),
            )
        )
    return out


def _targets(s: Sentence, folded: str, places: Index, known: list[Hit] = ()) -> list[Hit]:
    """The places a sentence says were attacked: the most specific ones, not the town or
    province they lie in, not a place named as the launch site or as a landmark, and not the
    base of an attack already read that the sentence names as "the attack on" it."""
    launch_spans = [m.span() for m in _LAUNCH.finditer(folded, s.start, s.end)]
    hits = []
    for hit in s.places:
        if any(a <= hit.start < b and hit.start > a + 4 for a, b in launch_spans):
            continue
        if hit.entry.kind == "country":
            continue
        if _other_event(folded, s.start, hit.start):
            continue  # "killed in an air strike at the airport": not the attack reported
        if _OWNER.search(folded, max(s.start, hit.start - 20), hit.start):
            continue  # "the support center belonging to the embassy": the owner, not the target
        if _filed_from(folded, hit):
            continue  # "BAGHDAD -- Rockets hit ...": where the story was filed
        hits.append(hit)
    if not hits:
        return []
    if len(hits) > 1:
        # "the attack on Ain al-Asad came after rockets hit Rmeilan on Sunday"
        fresh = [
            h
            for h in hits
            if not (
                _THE_ATTACK_ON.search(folded, max(s.start, h.start - 22), h.start)
                and any(_same_place(k, h, places) for k in known)
            )
        ]
        hits = fresh or hits
    bases = [h for h in hits if h.entry.kind in BASE_KINDS]
    if bases:
        hits = bases
    elif not re.search(BASE_WORDS, folded[s.start : s.end]) and not any(
        h.entry.kind == "neighbourhood" for h in hits
    ):
        return []  # a town named in passing, not a base in it (a compound like the Green Zone is)
    # "Harir base near Erbil airport": the airport is a landmark, unless only it is named
    far = [
        h
        for h in hits
        if not _NEAR.search(folded[max(s.start, h.start - 25) : h.start])
        and not _DISTANCE.search(folded[max(s.start, h.start - 40) : h.start])
        and not _DIRECTION.search(folded[max(s.start, h.start - 30) : h.start])
        and not _LOCALITY.search(folded[max(s.start, h.start - 20) : h.start])
    ]
    if far and len(far) < len(hits):
        hits = far
    best = min(h.entry.rank for h in hits)
    hits = [h for h in hits if h.entry.rank == best]
    # Drop a place whose child is also named ("the embassy in Baghdad"), and repeats.
    named = {h.entry.id for h in hits}
    out, seen = [], set()
    for h in hits:
        if h.entry.id in seen:
            continue
        if any(h.entry.id in places.ancestors(o.entry) for o in hits if o.entry.id in named):
            continue
        seen.add(h.entry.id)
        out.append(h)
    return out


_DEFENDER = rx(
    r"(?:منظومه|الدفاع\s+الجوي|c-?ram|air\s+defen[cs]es?|patriot)[^،,.؛]{0,45}(?:التابعه|التابع|of|at)\W+(?:\w+\W+)?$"
)


def _filed_from(folded: str, hit: Hit) -> bool:
    """A town opening its line and followed by a dash or a comma: a wire story's dateline."""
    if hit.entry.kind in BASE_KINDS:
        return False
    line_start = folded.rfind("\n", 0, hit.start) + 1
    if folded[line_start : hit.start].strip(' ("') not in ("", "by"):
        return False
    return bool(re.match(r"\s{2,}|\s*[،,(]", folded[hit.end : hit.end + 4]))


def _other_event(folded: str, sentence_start: int, at: int) -> bool:
    """Is the place at `at` named as where something other than an attack on a base happened
    (an air strike, a convoy, a refinery), with no weapon between that word and the place?"""
    before = folded[max(sentence_start, at - 60) : at]
    if _DEFENDER.search(before):
        return True  # the air defence "of the support center": who defended, not who was hit
    clause = re.split(r"[،,؛;]", folded[max(sentence_start, at - 120) : at])[-1]
    if _NOT_A_BASE_ATTACK.search(clause) and not any(p.search(clause) for _, p in _WEAPON_RE):
        return True  # "..., who was killed in an air strike ordered by ... at the airport"
    found = list(_NOT_A_BASE_ATTACK.finditer(before))
    if not found:
        return False
    between = before[found[-1].end() :]
    return not any(p.search(between) for _, p in _WEAPON_RE)


def _same_day(a: When | None, b: When | None) -> bool:
    return a is None or b is None or (a.start <= b.end and b.start <= a.end)


def _group(reading: list[Sentence], places: Index, folded: str) -> list[Draft]:
    """Sentences into drafts, one per attacked place and time. A sentence that names a base but
    no time takes the time of the attack sentence before it (the lead often dates the attack and
    the next sentence names the base); one that names neither continues the draft before it."""
    drafts: list[Draft] = []
    current: Draft | None = None
    context: When | None = None  # the time of the latest attack sentence that gave one
    for s in reading:
        chunk = folded[s.start : s.end]
        cue = bool(_BACKGROUND.search(chunk))
        own = s.dates[0] if s.dates and s.attack else None
        known = [d.place for d in drafts if d.place]
        targets = _targets(s, folded, places, known) if s.attack else []
        if (
            targets
            and not cue
            and current is not None
            and current.when is not None
            and (own is None or _same_day(current.when, own))
            and current.place is not None
            and not _RELATIVE.search(folded, s.start, targets[0].start)
            and not any(_same_place(k, h, places) for k in known for h in targets)
            and _THE_ATTACK.search(folded, s.start, targets[0].start)
        ):
            # "the attack targeted a coalition base at Erbil airport": the attack just read,
            # told again with another name for its place
            current.sentences.append(s)
            targets = []
        elif targets:
            when = own or (None if cue else context)
            if own is None and context is not None:
                # "the attack came hours after Ain al-Asad was hit": counted back from the
                # attack just read, not from the publication date
                back = _RELATIVE.search(folded, s.start, targets[0].start)
                if back:
                    when = _counted_back(context, back)
            opened = None
            together = []
            for hit in targets:
                if own is not None and len(s.dates) > 1:
                    when = _nearest_date(s, hit)  # "hit Rmeilan on Sunday, Ain al-Asad on Monday"
                same = [d for d in drafts if d.place and _same_place(d.place, hit, places)]
                if own is None and same and not cue:
                    # named again with no time of its own: the attack there already read
                    # (the first one, the news, when there are several)
                    match = same[0]
                else:
                    match = next(
                        (
                            d
                            for d in same
                            if (_same_day(d.when, when) if own or not cue else d.when is None)
                            or (d.weak and own and not s.said and _within(when, d.when, days=3))
                        ),
                        None,
                    )
                if match is None:
                    match = Draft(
                        place=hit, when=when, index=len(drafts), weak=s.said and own is not None
                    )
                    match.background = bool(drafts) and cue
                    drafts.append(match)
                elif when is not None and (
                    match.when is None or (match.weak and own and not s.said)
                ):
                    # a time of its own replaces one that only dated a statement
                    match.when, match.weak = when, False
                if match.place and match.place.entry.id in places.ancestors(hit.entry):
                    match.place = hit  # "Camp Victory at the airport": the more specific name
                match.sentences.append(s)
                together.append(match)
                opened = opened or match
            for d in together:
                d.together = together
            current = opened
        elif current is not None and (
            _another_weapon(folded, current, s)
            or (_NOT_A_BASE_ATTACK.search(chunk) and _weapons(folded, s.start, s.end))
        ):
            current = None  # "a base in western Iraq was hit by a drone", after rockets elsewhere
        elif (
            current is not None
            and current.weak
            and own
            and not s.said
            and _within(own, current.when, 3)
        ):
            current.sentences.append(s)  # the day it happened, after the day it was announced
            current.when, current.weak = own, False
        elif current is not None:
            if own and (
                not _same_day(current.when, own)
                or (current.when is None and (cue or own.precision not in ("day", "span")))
            ):
                if current.place is not None and s.attack and _ANAPHOR.search(chunk):
                    # "in March, this base was hit by 7 rockets": the same base, another attack
                    current = Draft(
                        place=current.place, when=own, index=len(drafts), background=cue
                    )
                    current.sentences.append(s)
                    drafts.append(current)
                else:
                    current = None  # another attack, at another time, at no named place
            else:
                current.sentences.append(s)
                if current.when is None and own:
                    current.when = own
        elif s.attack and own and not cue and re.search(BASE_WORDS, chunk) and not drafts:
            # the lead: an attack on a base it does not name; a later sentence may name it
            current = Draft(place=None, when=own, index=0, weak=s.said)
            current.sentences.append(s)
            drafts.append(current)
        if own:
            context = own
    for d in drafts:
        if d.when is None:
            # "simultaneous attacks on Ain al-Asad and Conoco": named together, dated together
            d.when = next((o.when for o in d.together if o.when is not None), None)
    return _main_and_background(_merge_unnamed(drafts, places))


def _weapons(folded: str, start: int, end: int) -> set[str]:
    return {w for w, p in _WEAPON_RE if w != "unknown" and p.search(folded, start, end)}


def _another_weapon(folded: str, current: Draft, s: Sentence) -> bool:
    """Does a sentence about a base report a weapon the draft's attack did not use?"""
    if not re.search(BASE_WORDS, folded[s.start : s.end]):
        return False
    new = _weapons(folded, s.start, s.end)
    if not new:
        return False
    old = set().union(*(_weapons(folded, x.start, x.end) for x in current.sentences))
    return bool(old) and not (new & old)


def _nearest_date(s: Sentence, hit: Hit) -> When:
    """The date written closest to the place, those that date a statement last."""

    def distance(w: When) -> tuple:
        gap = hit.start - w.span[1] if w.span[1] <= hit.start else w.span[0] - hit.end
        return (w.span in s.said_spans, abs(gap))

    return min(s.dates, key=distance)


def _counted_back(context: When, m: re.Match) -> When:
    if m.group("hours"):
        start, end, precision = context.start - dt.timedelta(days=1), context.end, "span"
    else:
        days = 1 if m.group("one") else 2
        start = end = context.start - dt.timedelta(days=days)
        precision = "day" if context.precision == "day" else "span"
    return When(start, end, precision, m.span(), m.group(0).strip())


def _within(a: When, b: When, days: int) -> bool:
    """Does `a` end no more than `days` before `b` starts (a statement a few days after)?"""
    return a.start <= b.end and (b.start - a.end).days <= days


def _merge_unnamed(drafts: list[Draft], places: Index) -> list[Draft]:
    """A draft with no base (no place, or only the town or province) merges into the one draft
    of the same time that names a base, when there is exactly one."""
    out = []
    for d in drafts:
        if d.place is not None and d.place.entry.kind in BASE_KINDS:
            out.append(d)
            continue
        bases = [
            o
            for o in drafts
            if o is not d
            and o.place is not None
            and o.place.entry.kind in BASE_KINDS
            and (
                # a headline naming only the town, with no time: the one base reported as news
                (d.when is None and not o.background)
                or (
                    o.when is not None
                    and d.when is not None
                    and (_same_day(o.when, d.when) or (d.weak and _within(o.when, d.when, days=3)))
                )
            )
            and (
                d.place is None
                or d.place.entry.id in places.ancestors(o.place.entry)
                or not o.background
            )
        ]
        if len(bases) == 1 and (not bases[0].background or d.place is None):
            target = bases[0]
            target.background = target.background and d.place is not None
            target.sentences = sorted(target.sentences + d.sentences, key=lambda x: x.start)
            target.index = min(target.index, d.index)
            continue
        if len(bases) > 1:
            # "a base in Deir ez-Zor" beside two named ones: the first named, the news
            target = min(bases, key=lambda o: o.index)
            if not target.background:
                target.sentences = sorted(target.sentences + d.sentences, key=lambda x: x.start)
                target.index = min(target.index, d.index)
                continue
        out.append(d)
    out.sort(key=lambda d: d.index)
    return out


def _same_place(a: Hit, b: Hit, places: Index) -> bool:
    """The same place, one inside the other, or two sites of one complex (the support center
    and the camp at the airport)."""
    if (
        a.entry.id == b.entry.id
        or a.entry.id in places.ancestors(b.entry)
        or b.entry.id in places.ancestors(a.entry)
    ):
        return True
    parent = places.by_id.get(a.entry.parent_id) if a.entry.parent_id else None
    return (
        parent is not None and parent.kind in BASE_KINDS and a.entry.parent_id == b.entry.parent_id
    )


def _main_and_background(drafts: list[Draft]) -> list[Draft]:
    if not drafts:
        return []
    main = drafts[0]
    main.background = False
    kept = [main]
    for d in drafts[1:]:
        if (
            d.when is not None
            and main.when is not None
            and d.when.end < main.when.start - dt.timedelta(days=1)
        ):
            d.background = True
        if d.background and d.when is None:
            continue  # a mention in passing: no time, no incident
        kept.append(d)
    return kept


def _ev(f: Folded, s: int, e: int) -> list[dict]:
    return [f.evidence(s, e)]


def _incident(d: Draft, f: Folded, reading, places: Index, actors: Index) -> dict | None:
    ev: dict[str, list[dict]] = {}
    out: dict = {"background": d.background}
    # where
    place = d.place.entry if d.place else None
    out["place"] = place.as_json() if place else None
    out["location_precision"] = None
    if place:
        ev["place"] = _ev(f, d.place.start, d.place.end)
        near = _NEAR.search(f.folded[max(0, d.place.start - 25) : d.place.start])
        out["location_precision"] = (
            max(place.location_precision, 2) if near else place.location_precision
        )
    # when
    w = d.when
    out.update(
        date_start=w.start.isoformat() if w else None,
        date_end=w.end.isoformat() if w else None,
        date_precision=w.precision if w else None,
        date_text=f.text[slice(*f.span(*w.span))] if w else None,
        date_resolved=w.resolved if w else None,
    )
    if w:
        ev["date"] = _ev(f, *w.span)
    spans = [(s.start, s.end) for s in d.sentences]
    # what
    out["weapon"] = None
    first = None
    for s, e in spans:
        for weapon, pattern in _WEAPON_RE:
            m = pattern.search(f.folded, s, e)
            if m and _better_weapon((weapon, m), first):
                first = (weapon, m)
        if first and first[0] != "unknown":
            break  # the first sentence that names a weapon; "indirect fire" only if none does
    if first:
        out["weapon"] = first[0]
        ev["weapon"] = _ev(f, *first[1].span())
    notes: list[str] = []
    out["launched"] = _launched(f, spans, ev, notes, out["weapon"])
    out["intercepted"] = _intercepted(f, spans, ev, out["launched"], out["weapon"])
    out["impacted"] = None
    out["killed"], out["wounded"] = _harm(f, spans, ev)
    out["claimed_by"], out["attributed_to"] = _who(f, spans, actors, ev)
    out["launch_site"] = _launch_site(f, spans, places, ev)
    out["notes"] = notes
    out["evidence"] = ev
    return out


_NOT_FIRED = rx(
    rf"{_B}(?:unused|unfired|unexploded|ready\s+to\s+launch|recovered|found|discovered|"
    rf"لم\s+ت?ينطلق|لم\s+تنطلق|معده\s+للاطلاق|عثر\w*|ضبط\w*){_E}"
)
_ATTACK_NOUN_BEFORE = rx(r"(?<!\w)(?:هجومين|هجومان|هجمات|ضربتين|ضربات|غارتين|غارات)\s+$")


def _not_fired(f: Folded, m: re.Match, s: int, e: int) -> bool:
    """ "24 unused rockets", "a launcher with a rocket that did not fire", "هجومين صاروخين"
    (the dual adjective of two attacks): not projectiles launched."""
    after = f.folded[m.end() : min(e, m.end() + 25)]
    before = f.folded[max(s, m.start() - 30) : m.start()]
    return bool(
        _NOT_FIRED.search(after) or _NOT_FIRED.search(before) or _ATTACK_NOUN_BEFORE.search(before)
    )


def _better_weapon(candidate, current) -> bool:
    """A named weapon beats "indirect fire"; between equals, the earlier words."""
    if current is None:
        return True
    if (current[0] == "unknown") != (candidate[0] == "unknown"):
        return current[0] == "unknown"
    return candidate[1].start() < current[1].start()


_DRONE_WORD = rx(r"(?:طائر|مسير|درون|drone|uav|unmanned)")


def _other_kind(f: Folded, m: re.Match, weapon: str | None) -> bool:
    """A count of drones in an attack by rockets (or the reverse) counts another attack."""
    if weapon in (None, "unknown"):
        return False
    return bool(_DRONE_WORD.search(m.group(0))) != (weapon == "drone")


def _launched(f: Folded, spans, ev, notes: list, weapon: str | None = None) -> int | None:
    """The first stated number of projectiles; a bare singular ("a rocket fell") only when no
    number is stated. Other figures the text gives go to the notes."""
    found = []  # (explicit, start, value, match)
    for s, e in spans:
        for pattern, kind in ((_COUNT, "n"), (_DUAL, 2), (_SINGLE, 1)):
            for m in pattern.finditer(f.folded, s, e):
                if _not_fired(f, m, s, e) or _other_kind(f, m, weapon):
                    continue
                value = numbers.value(m.group("num")) if kind == "n" else kind
                if value:
                    found.append((kind != 1, m.start(), value, m))
    if not found:
        return None
    explicit = [x for x in found if x[0]] or found
    _, _, value, m = min(explicit, key=lambda x: x[1])
    ev["launched"] = _ev(f, *m.span())
    others = sorted({x[2] for x in explicit} - {value})
    if others:
        notes.append(
            "The text also gives "
            + ", ".join(str(o) for o in others)
            + f" as the number launched; {value} is the first figure stated."
        )
    return value


def _intercepted(f: Folded, spans, ev, launched, weapon: str | None = None) -> int | None:
    for s, e in spans:
        m = _INTERCEPT.search(f.folded, s, e)
        if not m:
            continue
        shot = _SINGLE.search(f.folded, m.end(), min(e, m.end() + 40)) or _COUNT.search(
            f.folded, m.end(), min(e, m.end() + 40)
        )
        if shot and _other_kind(f, shot, weapon):
            continue  # "a drone was shot down" beside a rocket attack: another event
        after = (m.end(), min(e, m.end() + 60))
        before = (max(s, m.start() - 60), m.start())
        if m.group(0).endswith("هما"):
            ev["intercepted"] = _ev(f, *m.span())
            return 2  # "اسقاطهما": both of them
        several = _OF_THEM.search(f.folded, *after)
        if several and numbers.value(several.group("num")):
            ev["intercepted"] = _ev(f, m.start(), several.end())
            return numbers.value(several.group("num"))
        one = _ONE_OF.search(f.folded, *before) or _ONE_OF.search(f.folded, *after)
        if one:
            ev["intercepted"] = _ev(f, min(m.start(), one.start()), max(m.end(), one.end()))
            return 1
        for pattern, kind in ((_COUNT, "n"), (_DUAL, 2), (_SINGLE, 1)):
            c = pattern.search(f.folded, *after)
            if c:
                n = numbers.value(c.group("num")) if kind == "n" else kind
                if n:
                    ev["intercepted"] = _ev(f, m.start(), c.end())
                    return n
        subject = _ONE_SUBJECT.search(f.folded, max(s, m.start() - 40), m.start())
        if launched == 1 or subject:
            a = subject.start() if subject else m.start()
            ev["intercepted"] = _ev(f, a, m.end())
            return 1
    return None


_NEGATED = rx(r"(?:\bno|\bnot|\bنفي|\bلا|\bلم|\bعدم)\s+$")
_ELSEWHERE = rx(
    rf"{_B}(?:after|since|following|before)\s+(?:\w+\s+){{0,2}}?(?:similar|earlier|previous|prior|another|last)"
    rf"|{_B}(?:بعد|قبل|منذ)\s+(?:\w+\s+){{0,3}}?(?:مماثل\w*|سابق\w*|اخر|الاخير){_E}"
)
_AND_NUMBER = rx(rf"{_B}(?P<num>{numbers.NUMBER})\s+(?:{_PEOPLE_WORD}\s+){{0,3}}?(?:and|و)\s*$")


def _figure(f: Folded, s: int, e: int, patterns) -> tuple[int, int, int] | None:
    """The first stated number of people in the span (start, end, value), adding "three
    coalition members and two Iraqi soldiers were wounded" up; a number said of an earlier
    attack in the same sentence ("after a similar attack killed three") is not this one's."""
    for p in patterns:
        for m in p.finditer(f.folded, s, e):
            n = numbers.value(m.group("num"))
            if n is None:
                continue
            before = f.folded[max(s, m.start() - 80) : m.start()]
            if _NEGATED.search(f.folded[max(s, m.start() - 6) : m.start("num")]):
                continue
            clause = re.split(r"[،,;؛]", before)[-1]
            if _ELSEWHERE.search(clause):
                continue
            a = m.start()
            if m.start("num") == m.start():
                more = _AND_NUMBER.search(f.folded, max(s, a - 50), a)
                if more and numbers.value(more.group("num")) is not None:
                    n += numbers.value(more.group("num"))
                    a = more.start()
            return a, m.end(), n
    return None


def _harm(f: Folded, spans, ev) -> tuple[int | None, int | None]:
    out = {}
    for name, patterns in (("killed", _KILLED), ("wounded", _WOUNDED)):
        for s, e in spans:
            found = _figure(f, s, e, patterns)
            if found:
                a, b, n = found
                ev[name] = _ev(f, a, b)
                out[name] = n
                break
    for s, e in spans:
        m = _NO_CASUALTIES.search(f.folded, s, e)
        if m and _MATERIAL.match(f.folded, m.end()):
            m = None  # "without material losses" says nothing of people
        if m and not _UNCERTAIN.search(f.folded, m.start(), min(e, m.end() + 30)):
            for name in ("killed", "wounded"):
                if name not in out:
                    out[name] = 0
                    ev[name] = _ev(f, *m.span())
            break
    return out.get("killed"), out.get("wounded")


def _who(f: Folded, spans, actors: Index, ev) -> tuple[list, list]:
    claims, blamed = [], []
    for s, e in spans:
        chunk = f.folded[s:e]
        hits = actors.find(f.folded, s, e)
        if not hits:
            continue
        if _CLAIM.search(chunk) and not _NO_CLAIM.search(chunk):
            for h in hits:
                # a state force claims only in so many words ("the IRGC announced it struck")
                says_so = h.entry.kind == "state_force" and _STATE_CLAIM.match(f.folded, h.end)
                if (h.entry.kind in CLAIMANT_KINDS or says_so) and not any(
                    c["actor"]["slug"] == h.entry.slug for c in claims
                ):
                    claims.append(_actor(f, h))
                    ev.setdefault("claimed_by", []).extend(_ev(f, h.start, h.end))
        elif _BLAME.search(chunk):
            for h in hits:
                if not any(c["actor"]["slug"] == h.entry.slug for c in blamed):
                    blamed.append(_actor(f, h))
                    ev.setdefault("attributed_to", []).extend(_ev(f, h.start, h.end))
    return claims, blamed


def _actor(f: Folded, h: Hit) -> dict:
    s, e = f.span(h.start, h.end)
    return {"actor": h.entry.as_json(), "name_in_text": f.text[s:e]}


def _launch_site(f: Folded, spans, places: Index, ev) -> dict | None:
    for s, e in spans:
        m = _LAUNCH.search(f.folded, s, e)
        if m:
            group = "site" if m.group("site") else "site_en"
            a, b = m.span(group)
            hits = [h for h in places.find(f.folded, a, b) if h.entry.kind != "country"]
            best = min(hits, key=lambda h: h.entry.rank) if hits else None
            ev["launch_site"] = _ev(f, a, b)
            s0, e0 = f.span(a, b)
            return {"text": f.text[s0:e0].strip(), "place": best.entry.as_json() if best else None}
    return None


# A base named in the text: "قاعدة الزهراء", "معسكر "الصقر"", "Camp Hawk", "Zahra air base".
_BASE_NAME_AR = rx(r"(?<!\w)[وبل]?(?:قاعده|معسكر|مطار)\s+[\"(]?(?P<name>\w+(?:\s+\w+)?)")
_BASE_NAME_EN = re.compile(
    r"(?<![\w-])(?:(?P<before>(?:[A-Z][\w'-]+\s+){1,3})(?:[Aa]ir\s*[Bb]ase|[Aa]irbase|[Bb]ase|[Gg]arrison|[Aa]irfield)"
    r"|(?:Camp|Base|FOB|Forward\s+Operating\s+Base)\s+(?P<after>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?))"
)
# Words that describe a base rather than name it
_NOT_A_NAME_AR = {
    fold_word(w)
    for w in (
        "عسكرية",
        "عسكري",
        "العسكرية",
        "العسكري",
        "جوية",
        "جوي",
        "الجوية",
        "الجوي",
        "أمريكية",
        "أميركية",
        "الأمريكية",
        "الأميركية",
        "أمريكي",
        "أميركي",
        "عراقية",
        "عراقي",
        "العراقية",
        "للتحالف",
        "التحالف",
        "تستضيف",
        "تضم",
        "يتواجد",
        "تتواجد",
        "الاحتلال",
        "قوات",
        "لها",
        "له",
        "في",
        "قرب",
        "على",
        "صغيرة",
        "كبيرة",
        "حقل",
        "الجيش",
        "أخرى",
        "رئيسية",
        "دولي",
        "الدولي",
        "الدولية",
        "دولية",
        "تابعة",
        "التابعة",
        "إحدى",
        "احدى",
        "تقع",
        "التي",
        "الذي",
        "داخل",
        "عسكريين",
        "جنود",
        "جنوداً",
        "مستشارين",
        "أجنبية",
        "الأجنبية",
        "تركية",
        "بغداد",
        "أربيل",
        "تل",
        "سورية",
        "سوريا",
        "العراق",
        "بمطار",
    )
}
_NOT_A_NAME_EN = {
    "the",
    "a",
    "an",
    "us",
    "u.s.",
    "u.s",
    "american",
    "iraqi",
    "syrian",
    "coalition",
    "military",
    "air",
    "army",
    "iraq",
    "syria",
    "joint",
    "this",
    "that",
    "its",
    "their",
    "another",
    "one",
    "nearby",
    "same",
    "large",
    "small",
    "key",
    "main",
    "major",
    "israeli",
    "turkish",
    "iranian",
    "united",
    "states",
    "states'",
}


def _unmatched(f: Folded, places: Index) -> list[dict]:
    """Bases the text names that the gazetteer lacks, for the editor to add (never mapped to a
    known place): the name after قاعدة / معسكر / مطار, or a capitalised name before "base"."""
    out, seen = [], set()

    def keep(start: int, end: int, folded_name: str) -> None:
        near = places.find(f.folded, max(0, start - 12), min(len(f.folded), end + 12))
        if folded_name in seen or any(h.start < end and h.end > start for h in near):
            return
        seen.add(folded_name)
        out.append(f.evidence(start, end))

    for m in _BASE_NAME_AR.finditer(f.folded):
        words = m.group("name").split()
        while words and words[-1] in _NOT_A_NAME_AR:
            words.pop()
        if (
            not words
            or words[0] in _NOT_A_NAME_AR
            or not re.fullmatch(r"[\u0621-\u064a]{2,}", words[0])
            or words[0].startswith(("ب", "ل"))
            and len(words[0]) <= 3
        ):
            continue
        a = m.start("name")
        keep(a, a + len(" ".join(words)), " ".join(words))
    for m in _BASE_NAME_EN.finditer(f.text):
        group = "before" if m.group("before") else "after"
        a, b = m.span(group)
        words = f.text[a:b].split()
        while words and words[0].lower() in _NOT_A_NAME_EN:
            a += len(words.pop(0)) + 1
            a = f.text.find(words[0], a - 1) if words else a
        if not words or any(w.lower() in _NOT_A_NAME_EN for w in words):
            continue
        name = " ".join(words)
        b = a + len(name)
        # folded offsets of the original span
        fa = f.index.index(a) if a in f.index else None
        fb = f.index.index(b - 1) + 1 if (b - 1) in f.index else None
        if fa is None or fb is None:
            continue
        keep(fa, fb, f.folded[fa:fb])
    return out[:10]
