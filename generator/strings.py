"""The interface's own words (generator/i18n/{lang}.yml) and what each page script gets of them.

`ui_strings(lang)` reads a language's file once per process. `decode_strings` and
`report_strings` are what the decoder and the broadcast report say (the report page
and `generator report` both), and `wait` writes a retry_after value in words. The
renderers, the report reader and `lookup` share them from here, below all three.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from .paths import I18N
from .text import fill


@lru_cache(maxsize=None)
def ui_strings(lang: str) -> dict:
    # libyaml's loader where PyYAML has it (ten times faster, the same result), else PyYAML's own.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((I18N / f"{lang}.yml").read_text(encoding="utf-8"), Loader=loader)


def wait(after: str | None, units: dict[str, str]) -> str:
    """"72h" as words ("72 jam"), from the language's `units`; "" when there is no wait."""
    if not after:
        return ""
    return f"{after[:-1]} {units[after[-1]]}"


def decode_strings(ui: dict, values: dict[str, str]) -> dict:
    """What the decoder script says, in this language (it builds its messages from these)."""
    return {**ui["decode"], "retry": ui["retry_text"], "wait": ui["retry_wait"], "units": ui["units"],
            "replies": ui["decode_replies"], "ticket_reply": fill(ui["ticket_reply"], values),
            "customer_message": fill(ui["customer_message"], values), "copy_ticket_reply": ui["copy_ticket_reply"],
            "copy_customer_message": ui["copy_customer_message"], "slot_hint": ui["slot_hint"], "family_note": ui["family_note"],
            "title_shared": ui["title_shared"], "customer_channel_other": ui["customer_channel_other"],
            "no_customer_message": {k: fill(v, values) for k, v in ui["no_customer_message"].items()}}


def no_message(ui: dict, item) -> str:
    """Why a code or a problem offers no customer message, as its page says it (placeholders unfilled):
    a problem's internal reason speaks of "this problem", not "this error"."""
    if item.no_customer_message == "internal" and hasattr(item, "slug"):
        return ui["problem_no_customer_message"]
    return ui["no_customer_message"][item.no_customer_message]


def report_strings(ui: dict, values: dict[str, str]) -> dict:
    """What the broadcast report says, in this language (the page's script and `generator report`)."""
    # {provider} and {helpdesk} filled in; the page's own placeholders ({count}, {limit}) stay.
    report = {k: fill(v, values) if isinstance(v, str) else v for k, v in ui["report"].items()}
    return {**report, "retry": ui["retry_text"], "wait": ui["retry_wait"], "units": ui["units"],
            "acts": {k: fill(v, values) for k, v in ui["acts_text"].items()}}
