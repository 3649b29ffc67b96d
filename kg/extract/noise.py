"""Recognise boilerplate lines that must yield no facts.

Photo credits and image boxes, donation and subscription prompts, "Read more:" and
"Related:" lists, copyright lines, bylines and author bios. Every extractor asks
:func:`is_noise` of a sentence before looking at it.

A caption's description ("A launcher at the airport in May 2022.") is kept: it says
what a photograph shows. Only its credit ("Photo: Agency", "File image") is noise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

_NOISE_LINE = re.compile(
    r"""^\s*(?:
        \[\s*(?:image|photo|picture|video|graphic|map)\b.*            # [Image: …]
      | (?:file\s+)?(?:photo|image|picture|video|graphic)s?\s*(?:credit)?\s*[:(/].*   # Photo: X
      | (?:file\s+photo|file\s+image|handout|illustrative\s+image)\.?\s*$
      | (?:read\s+more|related(?:\s+articles|\s+stories)?|more\s+from\b.*|see\s+also|also\s+read|most\s+read\b.*|recommended)\s*:?.*
      | (?:©|\(c\)|copyright\b).*
      | all\s+rights\s+reserved.*
      | (?:sign\s+up|subscribe|follow\s+(?:us|our)|join\s+our|get\s+.*\s+in\s+your\s+inbox|donate|support\s+us|become\s+a\s+(?:member|subscriber)).*
      | (?:posted|published|updated|by)\s+.*\|.*
      | back\s+to\s+top.*
      | (?:advertisement|sponsored(?:\s+content)?|share(?:\s+this(?:\s+article|\s+story)?)?|share\s+on\s+\w+|click\s+here\b.*|listen\s+to\s+this\s+article.*|(?:\d+\s+)?min(?:ute)?s?\s+read|print|email|tweet|whatsapp|facebook|twitter|telegram|linkedin)\s*$
      | (?:we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|this\s+(?:site|website)\s+uses\s+cookies).*
      | comments?\s*\(\d+\).*
      | (?:reporting|editing|additional\s+reporting)\s+by\b.*
      | \((?:reporting|editing|additional\s+reporting|updates)\b.*
      | about\s+the\s+author.*
      | source\s*:.*
    )$""",
    re.I | re.X,
)
_NOISE_ANYWHERE = re.compile(
    r"""(?:
        \b(?:photo|image|picture)\s*:\s*[A-Z][\w .&-]*$                  # trailing "Photo: Agency"
      | \bfile\s+(?:photo|image)\b\s*\.?$
      | \byour\s+support\b.*\b(?:help|matters|makes)\b
      | \bplease\s+(?:support|donate|subscribe)\b
      | \bsubscribe\s+to\b | \bsign\s+up\s+(?:for|to)\b | \bnewsletter\b
      | \bis\s+an?\s+(?:[\w-]+\s+){0,4}(?:reporter|correspondent|journalist|editor|writer|columnist)\s+(?:covering|based|for|who|at)\b
      | \brepublication\s+requires\b
      | \bcontributed\s+(?:reporting|to\s+this\s+report)\b
    )""",
    re.I | re.X,
)
# A caption: a description followed by its credit ("… in May 2022. File image").
_CREDIT_TAIL = re.compile(r"(?<=[.!?])\s*(?:file\s+(?:photo|image)|photo\s*:.*|image\s*:.*)$|\s+(?:file\s+(?:photo|image)|photo\s*:.*|image\s*:.*)$", re.I)


def is_noise_text(text: str) -> bool:
    """Whether one line or sentence of text is boilerplate."""
    stripped = text.strip()
    if not any(c.isalnum() for c in stripped):
        return True  # a bullet or rule the parser cut off
    if _NOISE_LINE.match(stripped):
        return True
    return bool(_NOISE_ANYWHERE.search(stripped))


def strip_credit(text: str) -> str:
    """A caption without its trailing credit ("A launcher at X. Photo: Y" -> "A launcher at X.")."""
    return _CREDIT_TAIL.sub("", text.strip()).strip()


_BULLET = re.compile(r"^\s*(?:[-•*–—]|\d+[.)])\s+")
_LIST_HEADER = re.compile(
    r"^\s*(?:read\s+more|related(?:\s+\w+){0,2}|more\s+from\b.*|see\s+also|also\s+read|most\s+read\b.*|recommended|more\s+on\s+this\s+story|latest)\s*:?\s*$",
    re.I,
)


def _in_link_list(text: str, start: int, line: str) -> bool:
    """Whether a bullet line belongs to a "Read more:"/"Related" list (judged on the lines above)."""
    if not _BULLET.match(line):
        return False
    above = text[:start].splitlines()
    for prev in reversed(above):
        if not prev.strip() or _BULLET.match(prev):
            continue
        return bool(_LIST_HEADER.match(prev))
    return False


def _maybe_cut_bullet(sent: Span) -> bool:
    """Whether the token before the sentence is a bullet the parser split off ("-", "•")."""
    start = sent.start
    doc = sent.doc
    while start > 0 and doc[start - 1].is_space:
        start -= 1
    return start > 0 and doc[start - 1].text in ("-", "•", "*", "–", "—")


def is_noise(sent: Span) -> bool:
    """Whether a sentence of a parsed document is boilerplate that must yield no facts.

    A caption whose description survives :func:`strip_credit` is not noise: only
    the credit is. Lines are judged one by one, since spaCy may join a short line
    to the next sentence.
    """
    text = sent.text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return True
    kept = []
    header = False
    for ln in lines:
        if _LIST_HEADER.match(ln):
            header = True
            continue
        # Judge list items on their whole line (the parser may cut the bullet off), and
        # only then look at the text above: Doc.text is built anew on every access.
        if _BULLET.match(ln) or (ln is lines[0] and _maybe_cut_bullet(sent)):
            from kg.extract.index import token_index  # noqa: PLC0415 - spaCy only where a Doc is

            text_all = token_index(sent.doc).text
            pos = text_all.find(ln, sent.start_char)
            line_start = text_all.rfind("\n", 0, pos) + 1 if pos >= 0 else 0
            line_end = text_all.find("\n", pos) if pos >= 0 else -1
            full = text_all[line_start : line_end if line_end >= 0 else len(text_all)] if pos >= 0 else ln
            if _BULLET.match(full) and (header or _in_link_list(text_all, line_start, full)):
                continue
        header = False
        desc = strip_credit(ln)
        if desc != ln.strip() and desc and not is_noise_text(desc):
            kept.append(desc)
        elif not is_noise_text(ln):
            kept.append(ln)
    return not kept
