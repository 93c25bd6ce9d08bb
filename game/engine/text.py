"""Localised text: a content text is a plain string or a map of language -> string."""

from __future__ import annotations

from collections.abc import Mapping

Text = str | Mapping[str, str]

DEFAULT_LANGUAGE = "en"


def tr(text: Text | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The text in ``language``, else English, else the first language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if language in text:
        return text[language]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    for value in text.values():
        return value
    return ""
