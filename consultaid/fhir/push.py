"""Sending a transaction Bundle to the hospital's FHIR server, with retries, in plain urllib.

Network failures and a busy server (502, 503, 504, 429) are retried with a growing pause; any other
refusal is final and reported in one sentence, using the server's OperationOutcome when it sends
one. Nothing counts as sent unless the server answers with a transaction-response whose every
entry succeeded.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from consultaid.errors import ConsultAidError

RETRY_STATUS = frozenset({429, 502, 503, 504})
FHIR_JSON = "application/fhir+json"


class PushError(ConsultAidError):
    """The server could not be reached, or did not accept the transaction."""


@dataclass(frozen=True)
class PushResult:
    """What the server made of each entry: its status and the location it gave."""

    statuses: tuple[str, ...]
    locations: tuple[str, ...]


def push(
    bundle: Mapping[str, Any],
    base_url: str,
    token: str,
    *,
    attempts: int = 4,
    timeout: float = 30.0,
    pause: Callable[[float], None] = time.sleep,
) -> PushResult:
    """POST the transaction to `base_url`; retries what may pass on a second try."""
    if not base_url.lower().startswith(("http://", "https://")):
        raise PushError(
            f"The FHIR server address {base_url!r} is not a web address; set it in Settings "
            "(for example https://fhir.hospital.example/R4)."
        )
    body = json.dumps(bundle).encode("utf-8")
    request = urllib.request.Request(
        base_url.rstrip("/"),
        data=body,
        method="POST",
        headers={
            "Content-Type": FHIR_JSON,
            "Accept": FHIR_JSON,
            "Authorization": f"Bearer {token}",
        },
    )
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return _accepted(json.loads(response.read() or b"{}"), base_url)
        except urllib.error.HTTPError as exc:
            if exc.code in RETRY_STATUS and attempt < attempts:
                last = f"HTTP {exc.code}"
            else:
                raise _refusal(exc, base_url) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            last = str(reason) or type(exc).__name__
        except ValueError as exc:
            raise PushError(
                f"The FHIR server at {base_url} answered with something that is not FHIR JSON; "
                "nothing was marked as sent. Check the server address in Settings."
            ) from exc
        if attempt < attempts:
            pause(0.5 * 2 ** (attempt - 1))
    raise PushError(
        f"The FHIR server at {base_url} cannot be reached ({last}); check the address in "
        "Settings and the network, then send again. Nothing was marked as sent."
    )


def _accepted(answer: Any, base_url: str) -> PushResult:
    if not (
        isinstance(answer, dict)
        and answer.get("resourceType") == "Bundle"
        and answer.get("type") == "transaction-response"
    ):
        raise PushError(
            f"The FHIR server at {base_url} did not answer with a transaction response; nothing "
            "was marked as sent."
        )
    statuses, locations = [], []
    for entry in answer.get("entry") or []:
        response = entry.get("response") or {}
        status = str(response.get("status", ""))
        if not status.startswith("2"):
            detail = _outcome_text(response.get("outcome")) or status or "no status"
            raise PushError(f"The FHIR server did not accept one of the records: {detail}.")
        statuses.append(status)
        locations.append(str(response.get("location", "")))
    return PushResult(tuple(statuses), tuple(locations))


def _refusal(exc: urllib.error.HTTPError, base_url: str) -> PushError:
    if exc.code in (401, 403):
        return PushError(
            f"The FHIR server at {base_url} refused the token (HTTP {exc.code}); check the token "
            "in Settings. Nothing was marked as sent."
        )
    try:
        text = _outcome_text(json.loads(exc.read() or b"{}"))
    except ValueError:
        text = ""
    reason = text or f"HTTP {exc.code} {exc.reason}"
    return PushError(
        f"The FHIR server at {base_url} did not accept the consultation: {reason}. Nothing was "
        "marked as sent."
    )


def _outcome_text(outcome: Any) -> str:
    """The first issue's words from an OperationOutcome, or ""."""
    if not isinstance(outcome, dict) or outcome.get("resourceType") != "OperationOutcome":
        return ""
    for issue in outcome.get("issue") or []:
        details = (issue.get("details") or {}).get("text") or issue.get("diagnostics")
        if details:
            where = ", ".join(issue.get("expression") or [])
            return f"{details.rstrip('.')}" + (f" ({where})" if where else "")
    return ""
