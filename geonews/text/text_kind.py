"""Text kinds: what sort of text a document is, so recognition can use the cues that fit it.

Analysts feed geonews headlines, social posts and photo captions as well as edited prose.
Casing means something in prose and not in a Title Case or ALL CAPS headline; social posts
carry hashtags, handles and links, and write names in lower case. :func:`detect_text_kind`
guesses the kind of a document from its text; a document's ``text_kind`` (an input column,
or ``--text-kind``) overrides the guess.
"""

from __future__ import annotations

import re

from geonews.errors import InputFormatError
from geonews.lexicon import LEXICON
from geonews.models import TEXT_KIND_CHOICES, TextKind

__all__ = ["detect_text_kind", "parse_text_kind"]

#: Longest text that can be a headline, caption or post (characters).
SHORT_TEXT = 600
#: Least share of capitalised words (small words aside) for a Title Case headline.
TITLE_SHARE = 0.9
#: Least share of upper-case letters for a text in capitals.
CAPS_SHARE = 0.8
#: Fewest words for a headline in Title Case or capitals.
HEADLINE_WORDS = 3

_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_SOCIAL_MARK = re.compile(r"(?:^|\s)[#@]\w|https?://|(?:^|\s)RT\s@")


def parse_text_kind(value: str | None) -> TextKind | None:
    """A kind from its name (``None``, ``""`` and ``"auto"`` mean: detect)."""
    if value is None or value == "" or value == "auto":
        return None
    try:
        return TextKind(value.strip().lower())
    except ValueError:
        raise InputFormatError(f"unknown text kind {value!r} (allowed: "
                               f"{', '.join(TEXT_KIND_CHOICES)})") from None


def detect_text_kind(text: str) -> TextKind:
    """The kind of ``text``: long texts are prose; short ones are social posts when they carry
    hashtags, handles, links or no capital at all, captions when they carry a photo credit,
    headlines when in capitals, or in Title Case on one line with no closing full stop;
    prose otherwise."""
    if len(text) > SHORT_TEXT:
        return TextKind.PROSE
    words = _WORD.findall(text)
    if _SOCIAL_MARK.search(text) or (words and not any(c.isupper() for c in text)):
        return TextKind.SOCIAL
    if any(credit in text for credit in LEXICON.caption_credits):
        return TextKind.CAPTION
    letters = [c for c in text if c.isalpha()]
    if len(words) >= HEADLINE_WORDS and letters and (
            sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters)):
        return TextKind.CAPS
    content = [w for w in words if w.lower() not in LEXICON.headline_small_words]
    line = text.strip()
    if (len(words) >= HEADLINE_WORDS and "\n" not in line and not line.endswith(".")
            and content and sum(w[0].isupper() for w in content) >= TITLE_SHARE * len(content)):
        return TextKind.HEADLINE
    return TextKind.PROSE
