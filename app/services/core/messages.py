"""Words for a person that the window can show in its language: an English template and its
values, kept together.

Services may not import Qt, so they cannot translate. A `Message` is a `str` (the English
text, so the CLI, the log, the audit trail and every `==` in the tests read it as before) that
also keeps its template and values; the window looks the template up in Qt's translations
(context "messages") and fills in the values (app/ui/common/messages.py).

Mark each template for the translation file where it is written:

    raise WrongItem(QT_TRANSLATE_NOOP("messages", "Wrong item: {name} ({sku}) is not in this "
                                      "order."), name=name, sku=sku)

pyside6-lupdate finds `QT_TRANSLATE_NOOP` by its name (it reads no imports), so the function
is written out, not aliased. A value may itself be a Message (translated too) or a list of
them (joined with "; ", or the language's own separator), or a `Listing` of them (joined with
", ", or the language's own comma: "reason: late, before: new").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTEXT = "messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Mark `text` for the translation file; returns it unchanged."""
    del context
    return text


class Listing(tuple[Any, ...]):
    """Values shown one after another with a comma (", " in English; the window joins them
    with its language's own comma)."""

    __slots__ = ()


def _english(value: object) -> object:
    if isinstance(value, Listing):
        return ", ".join(str(x) for x in value)
    if isinstance(value, list | tuple):
        return "; ".join(str(x) for x in value)
    return value


class Message(str):
    """The English text of `template` filled with `params`, remembering both."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        # Without values the template is the text as it is (braces and all).
        text = template.format_map({k: _english(v) for k, v in params.items()}) \
            if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = dict(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def message(value: str, /, **params: Any) -> Message:
    """`value` as a Message (itself when it already is one and no values are given)."""
    if isinstance(value, Message) and not params:
        return value
    return Message(value, **params)
