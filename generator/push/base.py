"""What every push adapter shares: the HTTP client, the plan of changes, and how a run reports.

`Client` wraps one `requests.Session` for one helpdesk: every request has a timeout, a 429 is
waited out for its `Retry-After` (capped at `max_wait` seconds a wait), a 5xx or a dropped
connection is retried with growing pauses, and 401, 403 and 404 become one-line errors. Every
message and exception passes through `Redactor`, so a token (or the Basic credentials built
from it) is never printed, even inside a URL someone typed with credentials in it.

A `Plan` lists what a run would do: create, update, unchanged, prune (remove), conflict (a
remote object with our key that this tool did not make: left alone) and manual (what the
vendor's API cannot do, such as removing a Freshdesk canned response). `execute` carries it out
(or, with --dry-run, prints it), shows progress on stderr and ends with a one-line summary.
"""
from __future__ import annotations

import base64
import email.utils
import sys
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit, urlunsplit


# Exit codes (the README and every target's --help list them).
DONE, PARTIAL, USAGE, AUTH = 0, 1, 2, 3

TIMEOUT = 30  # seconds for one request: connect and each read
RETRIES = 4  # more tries after the first, for a 5xx or a dropped connection
RATE_LIMIT_TRIES = 8  # 429s waited out for one request before giving up
MAX_WAIT = 120  # the longest single wait a Retry-After gets, in seconds

sleep = time.sleep  # the tests replace it, so a 429 or a 500 costs no real time


class PushError(Exception):
    """A run cannot go on: `code` is the exit code (USAGE, AUTH or PARTIAL)."""

    def __init__(self, message: str, code: int = PARTIAL):
        super().__init__(message)
        self.code = code


class HttpError(PushError):
    """The helpdesk refused one request (a 4xx other than 401, 403 and 429): the object failed,
    the run goes on."""

    def __init__(self, message: str, status: int, body: object = None):
        super().__init__(message, PARTIAL)
        self.status, self.body = status, body


class Redactor:
    """Replaces every secret (and the Basic-auth forms made of it) with *** in a text."""

    def __init__(self, *secrets: str):
        found = {s for s in secrets if s}
        for user in list(found):
            for password in list(found) + ["X"]:
                found.add(base64.b64encode(f"{user}:{password}".encode()).decode())
        self.secrets = sorted(found, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def shown_url(url: str) -> str:
    """An address as messages show it: without user name or password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def base_url(value: str, option: str, vendor_host: str | None = None) -> str:
    """The helpdesk's address from --url, --subdomain or --domain: a full http(s) address (a
    self-hosted instance, a staging copy, a test server), or for Zendesk and Freshdesk a bare
    name, completed with `vendor_host` (acme -> https://acme.zendesk.com). Raises PushError(USAGE)."""
    if vendor_host and value and "://" not in value and "/" not in value and "." not in value and ":" not in value:
        value = f"https://{value}.{vendor_host}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        example = f"a name such as acme, or https://acme.{vendor_host}" if vendor_host else "https://chat.example.com"
        raise PushError(f"{option} {shown_url(value)!r} is not the helpdesk's address; write {example}", USAGE)
    return shown_url(value).rstrip("/")


class Client:
    """Requests to one helpdesk under `root` (no trailing slash), authenticated by `headers` or
    `auth`; `secrets` are what must never be shown."""

    def __init__(self, root: str, *, headers: dict | None = None, auth: tuple | None = None,
                 secrets: tuple[str, ...] = (), timeout: float = TIMEOUT, max_wait: float = MAX_WAIT,
                 log: Callable[[str], None] | None = None):
        self.root, self.timeout, self.max_wait = root, timeout, max_wait
        self.redact = Redactor(*secrets)
        import requests  # here, not at the top: the import costs 0.1 s, which every other command would pay

        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "wa-error-reference-push"})
        self.session.headers.update(headers or {})
        self.session.auth = auth
        self.log = log or (lambda text: print(text, file=sys.stderr))
        self.requests = 0
        self.reached = False  # whether the helpdesk has answered yet: until it has, no connection means a wrong address

    def say(self, text: str) -> None:
        self.log(self.redact(text))

    def request(self, method: str, path: str, *, params: dict | None = None, json: object = None) -> requests.Response:
        """One request, retried as the module says; returns a 2xx response or raises PushError."""
        url = path if path.startswith(("http://", "https://")) else self.root + path
        shown = shown_url(url.split("?")[0])
        failures = limited = 0
        exceptions = sys.modules["requests"].exceptions  # imported by __init__
        while True:
            try:
                self.requests += 1
                response = self.session.request(method, url, params=params, json=json, timeout=self.timeout)
            except exceptions.InvalidURL as error:
                raise PushError(self.redact(f"{shown} is not a valid address ({error})"), USAGE) from None
            except (exceptions.ConnectionError, exceptions.Timeout) as error:
                failures += 1
                refused = not self.reached and not isinstance(error, exceptions.Timeout)
                if failures > RETRIES or refused:
                    why = "timed out" if isinstance(error, exceptions.Timeout) else "could not connect"
                    tries = "" if refused else f" after {failures} tries"
                    raise PushError(self.redact(f"cannot reach {shown_url(self.root)}: {why}{tries}; "
                                                "check the address and the network"), USAGE) from None
                self._pause(2 ** (failures - 1), f"{method} {shown}: no answer, trying again")
                continue
            self.reached = True
            status = response.status_code
            if status == 429:
                limited += 1
                if limited > RATE_LIMIT_TRIES:
                    raise PushError(f"{shown_url(self.root)} still limits the rate after {limited - 1} waits; "
                                    "run again later", PARTIAL)
                wait = retry_after(response.headers.get("Retry-After"), default=2 ** min(limited, 6))
                self._pause(min(wait, self.max_wait), f"rate limited by the helpdesk: waiting {min(wait, self.max_wait):g} s")
                continue
            if status >= 500:
                failures += 1
                if failures > RETRIES:
                    raise HttpError(self.redact(f"{method} {shown}: the helpdesk answered {status} {failures} times"), status)
                self._pause(2 ** (failures - 1), f"{method} {shown}: the helpdesk answered {status}, trying again")
                continue
            if status in (401, 403):
                what = "was refused (401): the token is wrong, expired or revoked" if status == 401 else \
                    "is not allowed (403): the token's user lacks the rights this needs"
                raise PushError(self.redact(f"{method} {shown} {what}"), AUTH)
            if status >= 400:
                raise HttpError(self.redact(f"{method} {shown}: {status} {_reason(response)}"), status, _body(response))
            return response

    def _pause(self, seconds: float, why: str) -> None:
        self.say(why)
        sleep(seconds)

    def json(self, method: str, path: str, **kwargs) -> object:
        response = self.request(method, path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise HttpError(f"{method} {shown_url(self.root + path)}: the answer is not JSON "
                            "(is the address the helpdesk's?)", response.status_code) from None


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _body(response: requests.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return response.text[:200]


def _reason(response: requests.Response) -> str:
    body = _body(response)
    if isinstance(body, dict):
        for key in ("message", "error", "description", "errors"):
            if body.get(key):
                return str(body[key])[:300]
    return (str(body) or response.reason or "")[:300]


def not_found(error: HttpError, what: str, fix: str) -> PushError:
    """A 404 on a request that names the account, portal or address: a configuration error."""
    return PushError(f"{what} was not found ({error}); {fix}", USAGE)


@dataclass
class Action:
    """One thing a run does (or leaves): kind is create, update, unchanged, prune, conflict or manual."""

    kind: str
    key: str  # what the administrator recognises: a short code, an article's slug
    what: str = ""  # a few words: the title, or what differs
    apply: Callable[[], object] | None = None


VERBS = {"create": "created", "update": "updated", "prune": "removed"}
HEADINGS = {"create": "create", "update": "update", "unchanged": "leave (up to date)", "prune": "remove",
            "conflict": "leave (not made by this tool)", "manual": "remove by hand"}


@dataclass
class Plan:
    target: str  # what is pushed where, for messages: "Chatwoot canned responses"
    actions: list[Action] = field(default_factory=list)

    def add(self, kind: str, key: str, what: str = "", apply: Callable[[], object] | None = None) -> None:
        self.actions.append(Action(kind, key, what, apply))

    def of(self, kind: str) -> list[Action]:
        return [a for a in self.actions if a.kind == kind]


def execute(plan: Plan, *, dry_run: bool, out=None, err=None, redact: Callable[[str], str] = str) -> int:
    """Carry out (or print) a plan; returns the exit code: DONE, or PARTIAL when an object failed."""
    out, err = out or sys.stdout, err or sys.stderr
    say = lambda text, stream: print(redact(text), file=stream)  # noqa: E731
    if dry_run:
        for kind in HEADINGS:
            for action in plan.of(kind):
                say(f"{HEADINGS[kind]:<30} {action.key}  {action.what}".rstrip(), out)
        say(f"dry run, nothing sent: {summary(plan, None)}", out)
        return DONE
    writes = [a for a in plan.actions if a.kind in VERBS]
    failed: list[tuple[Action, str]] = []
    for number, action in enumerate(writes, 1):
        try:
            action.apply()
        except HttpError as error:
            failed.append((action, str(error)))
            say(f"[{number}/{len(writes)}] FAILED {action.key}: {error}", err)
            continue
        say(f"[{number}/{len(writes)}] {VERBS[action.kind]} {action.key}", err)
    for action in plan.of("conflict"):
        say(f"left alone: {action.key}: {action.what}", err)
    for action in plan.of("manual"):
        say(f"remove by hand: {action.key}: {action.what}", err)
    say(summary(plan, failed), out)
    return PARTIAL if failed else DONE


def summary(plan: Plan, failed: list | None) -> str:
    """One line: what was done (or would be), and 'nothing to change' when all is up to date."""
    count = {kind: len(plan.of(kind)) for kind in HEADINGS}
    failures = len(failed or ())
    if not (count["create"] or count["update"] or count["prune"]):
        text = f"{plan.target}: nothing to change, {count['unchanged']} up to date"
    else:
        done = "would be " if failed is None else ""
        text = (f"{plan.target}: {count['create'] - _failed(failed, 'create')} {done}created, "
                f"{count['update'] - _failed(failed, 'update')} {done}updated, "
                f"{count['prune'] - _failed(failed, 'prune')} {done}removed, {count['unchanged']} unchanged")
    if count["conflict"]:
        text += f", {count['conflict']} left alone (not made by this tool)"
    if count["manual"]:
        text += f", {count['manual']} to remove by hand"
    if failures:
        text += f", {failures} FAILED"
    return text


def _failed(failed: list | None, kind: str) -> int:
    return sum(1 for action, _ in failed or () if action.kind == kind)
