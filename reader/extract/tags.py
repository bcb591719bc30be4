"""Oversized start tags, found as libxml2's HTML5 tokenizer finds them, trimmed before parsing.

libxml2 compares each attribute of a tag with every earlier one (30,000 attributes: 3 s of
CPU), and the extractor's class and image patterns are not meant for megabyte values (a
1 MB class: 3 s). So a tag with more than MAX_ATTRIBUTES attributes loses them all, and
an attribute value of MAX_VALUE_CHARS or more (image sources excepted) is emptied.

Tags are delimited the way the HTML5 tokenizer (libxml2 2.14) delimits them, not by '<'
and '>': a quoted value may hold '<' and '>', an attribute name or an unquoted value may
hold quotes and '<'. Byte flips break quoting in all those ways, and a pass that expected
well-formed quoting missed such tags (fuzzer inputs #20042, #35224: 3 s in libxml2).
Comments and the text of script, style, title and the like are skipped as the tokenizer
skips them, so a '<' in a script is not taken for a tag.

Linear time: every quantifier is possessive or bounded, so nothing backtracks, and one
match covers all the page up to the next oversized tag (a real page is one match).
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 1000
# Longer than any real value (a long srcset is a few KB; a data- attribute holding JSON
# rarely passes 4 KB).
MAX_VALUE_CHARS = 8192

_WS = r"[\t\n\f\r ]"
_NAME = r"(?:=[^\t\n\f\r />=]*+|[^\t\n\f\r />=]++)"  # '=' may start a name, never continue one
_SRC = r"(?i:(?<=src)|(?<=srcset))"  # image sources may be long (a srcset of many sizes is real)
_VALUE = r"""(?:"[^"]*+"?|'[^']*+'?|[^\t\n\f\r >]*+)"""  # quoted values run to their quote
_SHORT_VALUE = (
    r"""(?:"[^"]{0,L}+(?:"|\Z)|'[^']{0,L}+(?:'|\Z)"""  # quoted (or cut off by the end of the page)
    r"""|(?!["'])[^\t\n\f\r >]{0,L}+(?![^\t\n\f\r >]))"""  # unquoted
).replace("L", str(MAX_VALUE_CHARS - 1))
# Any attribute: a name, then perhaps '=' and a value.
_ATTR = rf"{_NAME}(?:{_WS}*+={_WS}*+{_VALUE})?+"
# An attribute that needs no trimming: its value (if any) is short, or it is an image source.
_SHORT_ATTR = rf"(?>{_NAME})(?:{_SRC}{_WS}*+={_WS}*+{_VALUE}|{_WS}*+={_WS}*+{_SHORT_VALUE}|(?!{_WS}*+=))"
_TAG_NAME = r"</?[A-Za-z][^\t\n\f\r />]*+"
# A start or end tag, however long: runs to its '>' or to the end of the page.
_TAG = rf"{_TAG_NAME}(?:[\t\n\f\r /]++|{_ATTR})*+>?"
# At most MAX_ATTRIBUTES attributes, each under MAX_VALUE_CHARS.
_SHORT_TAG_BODY = rf"(?:[\t\n\f\r /]*+{_SHORT_ATTR}){{0,{MAX_ATTRIBUTES}}}+[\t\n\f\r /]*+"
# Elements whose text is not markup; one alternative each (a backreference inside the
# possessive repeat below trips a bug of re in Python 3.11: "span of capturing group is wrong").
_RAW_TEXT_ELEMENTS = "|".join(
    rf"<(?i:{name})(?=[\t\n\f\r />]){_SHORT_TAG_BODY}>(?:[^<]++|<(?!/(?i:{name})[\t\n\f\r />]))*+"
    for name in ("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes")
)
_PAGE = re.compile(
    rf"""
    (?P<run>(?:
        [^<]++
      | <!--(?:-?>|(?:[^-]++|-(?!-!?>))*+(?:--!?>|\Z))       # a comment
      | <(?:[!?]|/(?![A-Za-z]))[^>]*+>?                       # doctype, bogus comment
      | {_RAW_TEXT_ELEMENTS}                                  # script and the like, with their text
      | {_TAG_NAME}{_SHORT_TAG_BODY}(?:>|\Z)                  # a tag that needs no trimming
      | <(?![A-Za-z!?/])                                      # a '<' that opens nothing
    )++)
    | (?P<tag>{_TAG})
    """,
    re.X,
)
_TAG_PARTS = re.compile(rf"({_TAG_NAME})((?:[\t\n\f\r /]++|{_ATTR})*+)(>?)")
_ATTR_PARTS = re.compile(rf"({_NAME})(?:({_WS}*+={_WS}*+)({_VALUE}))?|[\t\n\f\r /]++")
_MANY_ATTRIBUTES = re.compile(rf"(?:[\t\n\f\r /]*+{_ATTR}){{{MAX_ATTRIBUTES + 1}}}")


def trim_tags(text: str, warnings: list[str]) -> str:
    """``text`` with every oversized tag trimmed (see the module docstring); a warning
    says what was dropped. A page without such tags comes back as it was."""
    pieces: list[str] = []
    emptied = stripped = 0
    for match in _PAGE.finditer(text):
        if match.group("run") is not None:
            pieces.append(match.group(0))
            continue
        parts = _TAG_PARTS.fullmatch(match.group(0))
        assert parts is not None  # _TAG_PARTS reads what _TAG matched
        name, body, end = parts.groups()
        if _MANY_ATTRIBUTES.match(body):
            stripped += 1
            pieces.append(name + end)
            continue
        pieces.append(name)
        for part in _ATTR_PARTS.finditer(body):
            if part.group(3) is not None and _too_long(part.group(1), part.group(3)):
                emptied += 1
                pieces.append(f'{part.group(1)}{part.group(2)}""')
            else:
                pieces.append(part.group(0))
        pieces.append(end)
    if stripped:
        warnings.append(f"a tag with more than {MAX_ATTRIBUTES} attributes was read without them")
    if emptied:
        warnings.append(f"{emptied} attribute values over {MAX_VALUE_CHARS:,} characters were dropped")
    return "".join(pieces) if stripped or emptied else text


def _too_long(name: str, value: str) -> bool:
    """Is ``value`` (as written: quoted or not) one to drop? Image sources never are."""
    if value[:1] in ("'", '"'):
        value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
    return len(value) >= MAX_VALUE_CHARS and not name.lower().endswith(("src", "srcset"))
