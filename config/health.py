"""Probes for a load balancer or an orchestrator.

/healthz answers as soon as the process can serve a request and touches nothing else, so a
slow database never makes a supervisor restart healthy workers. /readyz says whether this
process can do its work: the database answers, every migration is applied and the cache
works. When it cannot, it answers 503 with Retry-After and names the failing check, so the
balancer stops sending traffic. The error itself (host names, ports, user names) goes to the
log, not to the public answer."""

import contextlib
import logging
import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)
RETRY_AFTER = "5"
# Once every migration is applied it stays so for this process (a later release's migrations
# are that release's concern), so the migration files are read until then, not on every probe.
_migrated = False


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        problem = check()
    except Exception as error:  # noqa: BLE001 - any failure of a dependency means "not ready"
        log.warning(
            "readiness check %s failed: %s: %s", check.__name__, type(error).__name__, error
        )
        problem = f"{type(error).__name__} (see the server log)"
    result = {"ok": problem is None, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if problem:
        result["error"] = problem
    return result


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _migrations():
    global _migrated
    if _migrated:
        return None
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        return f"{len(pending)} migration(s) not applied: {names}"
    _migrated = True
    return None


def _cache():
    key = "salvo:readyz"
    value = str(time.monotonic_ns())
    cache.set(key, value, 30)
    if cache.get(key) != value:
        return "the cache did not return what was just stored"
    return None


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks = {"database": _timed(_database)}
    # Without a database there is no migration table to read: report it as not checked.
    if checks["database"]["ok"]:
        checks["migrations"] = _timed(_migrations)
    else:
        checks["migrations"] = {"ok": False, "error": "database unreachable"}
    checks["cache"] = _timed(_cache)
    if all(c["ok"] for c in checks.values()):
        return JsonResponse({"status": "ok", "checks": checks})
    with contextlib.suppress(DatabaseError):
        connection.close()  # a broken connection must not be reused by the next request
    response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    response["Retry-After"] = RETRY_AFTER
    return response
