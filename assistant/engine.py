"""The article-to-incident assistant: from an article's text to suggested incidents.

`suggest()` is the one entry point the command, the API and the editor workspace call. Its
result is the shape `../shared/corpus/score.py` reads:

    {"incidents": [{"background", "date_start", "date_end", "date_precision", "date_text",
                    "place", "weapon", "weapon_detail", "launched", "intercepted", "impacted",
                    "killed", "wounded", "claimed_by", "attributed_to", "launch_site",
                    "damage", "evidence": {field: [{"start", "end", "text"}]}, ...}],
     "unmatched_places": [...]}
"""

import datetime as dt


def suggest(text: str, *, language: str, published: dt.date | None = None) -> dict:
    raise NotImplementedError("the extraction engine is being written (issue 8)")
