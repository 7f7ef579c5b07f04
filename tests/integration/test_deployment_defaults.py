"""Production settings as a fresh deployment gets them from the environment: HSTS preload only
when asked, the proxy's HTTPS header only behind a proxy, errors mailed to ADMINS, and headers
that keep the pages' powers small."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, config.settings as s; print(json.dumps({"
    "'preload': s.SECURE_HSTS_PRELOAD, 'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'proxies': s.TRUSTED_PROXIES, 'admins': s.ADMINS, 'num_proxies': "
    "s.REST_FRAMEWORK['NUM_PROXIES']}))"
)


def production(**env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SALVO_", "SECURE_"))}
    base.update(SECRET_KEY="x" * 60, ALLOWED_HOSTS="salvo.example.org", **env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=base, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_defaults_trust_no_proxy_and_do_not_preload():
    settings = production()
    assert settings["preload"] is False
    assert settings["proxy"] is None and settings["proxies"] == 0
    assert settings["num_proxies"] == 0  # DRF would otherwise trust X-Forwarded-For
    assert settings["admins"] == []


def test_preload_proxy_and_admins_are_opt_in():
    settings = production(
        SECURE_HSTS_PRELOAD="true", SALVO_TRUSTED_PROXIES="1", SALVO_ADMINS="ops@example.org"
    )
    assert settings["preload"] is True
    assert settings["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["num_proxies"] == 1
    assert settings["admins"] == [["ops@example.org", "ops@example.org"]]


@pytest.mark.django_db
def test_pages_send_permissions_policy_and_the_docs_keep_coop(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert "camera=()" in page["Permissions-Policy"]
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
