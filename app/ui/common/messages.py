"""The one way the window turns a service's words into text: a `Message` (an English
template and its values, app/services/core/messages.py) is translated here through
translate("messages", template) and then filled in; a BackroomError shows its Message.

Every place that shows a refusal calls `error_text(exc)`, never `str(exc)` (which is the
English text, for the log and the command line).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.services.core.errors import BackroomError
from app.services.core.messages import CONTEXT, Listing, Message
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

# Joins a list of values (", " and "; " are written differently in Chinese).
SEPARATOR = QT_TRANSLATE_NOOP("messages", "; ")
# Joins a Listing ("reason: late, before: new").
COMMA = QT_TRANSLATE_NOOP("messages", ", ")


def _value(value: object) -> object:
    if isinstance(value, Message):
        return message_text(value)
    if isinstance(value, Listing):
        return translate(CONTEXT, COMMA).join(str(_value(x)) for x in value)
    if isinstance(value, list | tuple):
        return translate(CONTEXT, SEPARATOR).join(str(_value(x)) for x in value)
    return value


def _fill(template: str, params: Mapping[str, Any], english: str) -> str:
    try:
        return template.format_map({k: _value(v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        # A translation that names a value the template does not have: the English words
        # beat a crash (tests/ui/test_translations.py keeps the placeholders in step).
        return english


def message_text(value: object) -> str:
    """Words for the person in the chosen language: a Message translated and filled in,
    any other value as its text."""
    if not isinstance(value, Message):
        return "" if value is None else str(value)
    template = translate(CONTEXT, value.template)
    if not value.params:
        return template
    return _fill(template, value.params, str(value))


def error_text(exc: BaseException) -> str:
    """What to show for a refusal: a BackroomError in the chosen language, anything else as
    Python words it (an OSError names its file)."""
    if isinstance(exc, BackroomError) and exc.args and exc.args[0] is exc.message:
        return message_text(exc.message)
    return str(exc)
