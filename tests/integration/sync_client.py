"""A sync client as another tool would write one, with nothing but `requests`: it keeps a copy
of Salvo's public catalogue by pulling what changed (`updated_since`, oldest change first, cursor
pages) and removing what was withdrawn (`withdrawn/?since=`). docs/api.md ("Sync") describes the
protocol; tests/integration/test_sync_client.py checks that the copy never drifts.

    mirror = Mirror("https://salvo.example.org/api/v1")
    mirror.pull()          # the first time: everything; later: only what changed
    mirror.incidents       # {public_id: the list row}
"""

from datetime import UTC, datetime

import requests

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Mirror:
    def __init__(self, api: str, session: requests.Session | None = None):
        self.api = api.rstrip("/")
        self.http = session or requests.Session()
        self.incidents: dict[str, dict] = {}
        # Both marks are the server's own timestamps, so client clocks do not matter. They are
        # inclusive (at or after): a row seen twice is harmless, a row missed is not.
        self.changed_mark = EPOCH
        self.withdrawn_mark = EPOCH

    def _get(self, url, params=None) -> dict:
        response = self.http.get(url, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def pull(self) -> dict:
        """Bring the copy up to date; returns how many rows were (re)written and removed."""
        written = removed = 0
        page = self._get(
            f"{self.api}/incidents/",
            {"updated_since": self.changed_mark.isoformat(), "ordering": "updated", "limit": 500},
        )
        while True:
            for row in page["results"]:
                self.incidents[row["public_id"]] = row
                self.changed_mark = max(self.changed_mark, _when(row["updated_at"]))
                written += 1
            if not page["next"]:
                break
            page = self._get(page["next"])
        gone = self._get(
            f"{self.api}/incidents/withdrawn/", {"since": self.withdrawn_mark.isoformat()}
        )
        for row in gone["results"]:
            self.withdrawn_mark = max(self.withdrawn_mark, _when(row["withdrawn_at"]))
            if self.incidents.pop(row["public_id"], None) is not None:
                removed += 1
        return {"written": written, "removed": removed}
