"""The query language: parsing text into a small syntax tree, without Whoosh.

Words are ANDed; ``OR``, ``NOT`` (or a leading ``-``), ``"phrases"``,
``word*`` prefixes, parentheses, and the fields ``title:``, ``tag:``,
``source:`` and ``date:`` (``date:2024``, ``date:2024-01..2024-03``,
``date:>2024-06-01``), ``source:="Reuters"`` (that source exactly, not *Reuters
Africa*), the claim fields, and ``is:`` (``is:unread``,
``is:read``, ``is:new``, ``is:changed``: reading states, which the store
keeps), and the analyst's terms (``links:contradicts``, ``linked:<claim id>``,
``reliability:A..B``, ``credibility:<=2``; ``has:links``), which the store
answers too. The parser is bounded: long, deep or degenerate queries are refused
with a :class:`QueryError` whose message a person can act on, never a
RecursionError or a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_tui.core.claims.model import ANCHOR_STATES, STATUSES
from briefing_tui.core.claims.vocabulary import (
    RELATIONS,
    RELIABILITIES,
    VocabularyError,
    source_key,
)
from briefing_tui.core.claims.vocabulary import check_relation as _check_relation
from briefing_tui.core.search.date_spans import parse_date_span
from briefing_tui.core.search.date_spans import shown_in_message as _shown
from briefing_tui.core.search.query_model import (
    And,
    DateSpan,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Word,
)
from briefing_tui.core.text.forms import composed
from briefing_tui.core.text.sanitize import has_surrogates, has_unsafe

# The syntax tree and the date spans have modules of their own; their names are
# this module's too, as they were before they moved.
__all__ = [
    "And",
    "DateSpan",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QueryError",
    "Word",
    "parse_date_span",
]

MAX_QUERY_CHARS = 1000
MAX_TOKEN_CHARS = 100
MAX_DEPTH = 12
#: Any term may be a ``word*``: a query's prefixes share one expansion budget
#: (see :mod:`.compile`), so 64 of them cost what a few do.
MAX_TERMS = 64
#: The fields whose value is a word or a phrase (``date:`` a date).
FIELDS = ("title", "tag", "source", "date", "claim", "note", "status", "has", "anchor")
#: ``is:`` takes one of :data:`IS_VALUES` only: reading states, kept in the store.
STATE_FIELD = "is"
IS_VALUES = ("unread", "read", "new", "changed")
#: The analyst's terms: each takes values of its own (checked here), answered by the store.
ANALYSIS_FIELDS = ("links", "linked", "reliability", "credibility")
KNOWN_FIELDS = (*FIELDS, STATE_FIELD, *ANALYSIS_FIELDS)
#: The field of ``source:="Reuters"`` (a :class:`Word` of it holds the source's key, see
#: :func:`exact_source_key`): the briefings of exactly that source, answered by the store.
EXACT_SOURCE = "source="
#: What an empty ``field:`` is told to look like.
_EXAMPLES = {
    STATE_FIELD: "unread",
    "links": "contradicts",
    "linked": "c1a2b3",
    "reliability": "A..B",
    "credibility": "<=2",
    # A value each of these takes ("status:word" named no status there is).
    "status": "key",
    "has": "claims",
    "anchor": "fuzzy",
    "date": "2024",
    "source": '"Reuters"',
    "tag": "sanctions",
}


_FIELD = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass
class _Token:
    #: word, phrase, open_phrase (as you type: no closing quote yet), field,
    #: field_phrase, source_exact, lparen, rparen, op, minus
    kind: str
    text: str
    field: str | None = None
    #: True when the token ends the query with no space after it.
    at_end: bool = False


def tokenize(text: str, *, lenient: bool = False) -> list[_Token]:
    """Split a query into tokens. ``lenient`` closes an unclosed quote."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long (limit {MAX_QUERY_CHARS:,})")
    if has_surrogates(text):
        # Bytes that are not UTF-8 (a shell passes them to ``briefing search`` as
        # lone surrogates): no index term can hold them, and a keyword field
        # (``tag:``) raised UnicodeEncodeError looking one up.
        raise QueryError("the query holds bytes that are not valid UTF-8 text")
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            tokens.append(_Token("lparen" if ch == "(" else "rparen", ch))
            i += 1
            continue
        if ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            tokens.append(_Token("minus", ch))
            i += 1
            continue
        if ch == '"':
            still_open = lenient and text.find('"', i + 1) < 0
            phrase, i = _read_phrase(text, i, lenient)
            tokens.append(_Token("open_phrase" if still_open else "phrase", phrase, at_end=i >= n))
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] not in '()"':
            i += 1
        word = text[start:i]
        field_match = _FIELD.match(word)
        if field_match and field_match.group(1).lower() in KNOWN_FIELDS:
            name = field_match.group(1).lower()
            value = field_match.group(2)
            if name == "source" and value.startswith("="):
                value, i = _exact_value(text, value[1:], i, lenient)
                if value is not None:
                    tokens.append(_Token("source_exact", value, name, at_end=i >= n))
                continue
            if not value and i < n and text[i] == '"':
                value, i = _read_phrase(text, i, lenient)
                tokens.append(_Token("field_phrase", value, name, at_end=i >= n))
                continue
            if not value:
                if lenient:
                    continue  # "title:" being typed: wait for the value
                example = _EXAMPLES.get(name, "word")
                raise QueryError(f"{name}: needs a value, for example {name}:{example}")
            tokens.append(_Token("field", value, name, at_end=i >= n))
            continue
        if field_match and field_match.group(1).isalpha() and field_match.group(2):
            known = ", ".join(f"{f}:" for f in KNOWN_FIELDS)
            raise QueryError(f"unknown field {field_match.group(1)}: (known fields: {known})")
        if word in _OPERATORS:
            tokens.append(_Token("op", word))
            continue
        tokens.append(_Token("word", word, at_end=i >= n))
    for token in tokens:
        # A phrase is held to the limit word by word: a sentence pasted to find where it
        # came from was refused as "a word of 121 characters".
        quoted = token.kind in ("phrase", "open_phrase", "field_phrase")
        longest = max(token.text.split(), key=len, default="") if quoted else token.text
        if len(longest) > MAX_TOKEN_CHARS:
            raise QueryError(
                f"a word of {len(longest)} characters is too long (limit {MAX_TOKEN_CHARS})"
            )
    return tokens


def _exact_value(text: str, value: str, i: int, lenient: bool) -> tuple[str | None, int]:
    """The source after ``source:=``: ``"quoted"`` or one word; ``None`` while it is
    still being typed (``lenient``)."""
    if not value and i < len(text) and text[i] == '"':
        value, i = _read_phrase(text, i, lenient)
    if not exact_source_key(value):
        if lenient:
            return None, i
        raise QueryError('source:= needs a source, for example source:="Reuters"')
    return value, i


def exact_source_key(source: str | None) -> str:
    """What ``source:="…"`` compares: the source with case, width and spacing folded
    (as sources are folded for their reliability) and double quotes read as spaces
    (a query cannot quote them): ``The "Daily" Wire`` is ``the daily wire``."""
    return source_key((source or "").replace('"', " "))


def _read_phrase(text: str, start: int, lenient: bool) -> tuple[str, int]:
    end = text.find('"', start + 1)
    if end < 0:
        if lenient:
            return text[start + 1 :], len(text)
        raise QueryError('unclosed quote: add the closing "')
    return text[start + 1 : end], end + 1


class _Parser:
    def __init__(self, tokens: list[_Token], as_you_type: bool) -> None:
        self.tokens = tokens
        self.pos = 0
        self.terms = 0
        self.as_you_type = as_you_type

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr(0)
        if self.peek() is not None:
            token = self.peek()
            assert token is not None
            if token.kind == "rparen":
                raise QueryError("unbalanced ): there is no ( to close")
            raise QueryError(f"unexpected {token.text!r}")
        return node

    def or_expr(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QueryError(f"the query is nested more than {MAX_DEPTH} levels deep")
        children = [self.and_expr(depth)]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.pos += 1
            following = self.peek()
            if following is None or following.kind == "rparen":
                if self.as_you_type:
                    break
                raise QueryError("OR needs something on both sides")
            children.append(self.and_expr(depth))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, depth: int) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None:
            if token.kind == "rparen" or (token.kind == "op" and token.text == "OR"):
                break
            if token.kind == "op" and token.text == "AND":
                self.pos += 1
                continue
            children.append(self.unary(depth))
        if not children:
            before = self.tokens[self.pos - 1] if self.pos > 0 else None
            token = self.peek()
            # `AND` or `OR` typed alone read "an empty group: write something between
            # the operators", which names neither the operator nor what is missing.
            for operator in (before, token):
                if operator is not None and operator.kind == "op" and operator.text != "NOT":
                    raise QueryError(f"{operator.text} needs something on both sides")
            after_paren = before is not None and before.kind == "lparen"
            where = "( and )" if after_paren else "the operators"
            raise QueryError(f"an empty group: write something between {where}")
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, depth: int) -> Node:
        token = self.peek()
        assert token is not None
        if (token.kind == "op" and token.text == "NOT") or token.kind == "minus":
            self.pos += 1
            following = self.peek()
            if following is None:
                raise QueryError("NOT needs something after it")
            if (following.kind == "op" and following.text == "NOT") or following.kind == "minus":
                raise QueryError("NOT NOT: a double negation; remove both")
            return Not(self.atom(depth))
        return self.atom(depth)

    def atom(self, depth: int) -> Node:
        token = self.peek()
        if token is None:
            raise QueryError("the query ends too early")
        self.pos += 1
        if token.kind == "lparen":
            node = self.or_expr(depth + 1)
            closing = self.peek()
            if closing is None:
                if not self.as_you_type:
                    raise QueryError("unbalanced (: add the closing )")
            else:
                self.pos += 1
            return node
        if token.kind == "rparen":
            raise QueryError("unbalanced ): there is no ( to close")
        if token.kind == "op":
            raise QueryError(f"{token.text} needs a word after it")
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"the query has more than {MAX_TERMS} terms")
        if token.kind == "phrase":
            return Phrase(token.text)
        if token.kind == "open_phrase":
            node = _open_phrase_words(token.text)
            self.terms += len(node.children) - 1 if isinstance(node, And) else 0
            if self.terms > MAX_TERMS:
                raise QueryError(f"the query has more than {MAX_TERMS} terms")
            return node
        if token.kind == "source_exact":
            return Word(exact_source_key(token.text), EXACT_SOURCE)
        if token.field == STATE_FIELD:
            return _reading_state(token.text)
        if token.field in KEYWORD_VALUES and token.kind in ("field", "field_phrase"):
            _check_keyword(token, self.as_you_type)
        if token.field in ANALYSIS_FIELDS:
            return analysis_term(token.field, token.text)
        if token.kind == "field_phrase":
            if token.field == "date":
                return parse_date_span(token.text)
            return Phrase(token.text, token.field)
        if token.kind == "field" and token.field == "date":
            return parse_date_span(token.text)
        return _word(token, self.as_you_type)


def _open_phrase_words(text: str) -> Node:
    """A phrase still being typed (``"prime minis``): its words, the last one a
    prefix unless a space follows it, until the closing quote makes it a phrase.
    Searched as the phrase it was, it matched nothing at every keystroke until
    the last word was whole."""
    words = text.split()
    if not words:
        return Phrase(text)
    typing = not text[-1].isspace()
    nodes: list[Node] = [Word(word) for word in words[:-1]]
    nodes.append(Word(words[-1], last=typing))
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def _word(token: _Token, as_you_type: bool) -> Word:
    text = token.text
    prefix = text.endswith("*")
    stem = text.rstrip("*")
    if "*" in stem or "?" in stem:
        what = "? is no wildcard here, and " if "?" in stem else ""
        raise QueryError(f"{text!r}: {what}* may only end a word (as in minist*)")
    if not stem:
        raise QueryError("a lone * would match everything: type at least one letter before it")
    return Word(stem, token.field, prefix, last=as_you_type and token.at_end and not prefix)


#: What ``status:``, ``has:`` and ``anchor:`` can be, and what each is called: any
#: other value finds nothing, so a misspelling is refused and the values listed.
KEYWORD_VALUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "status": ("a claim status", STATUSES),
    "has": ("something a briefing has", ("claims", "notes", "links")),
    "anchor": ("an anchor state", ANCHOR_STATES),
}


def _check_keyword(token: _Token, as_you_type: bool) -> None:
    """Refuses a ``status:``, ``has:`` or ``anchor:`` value that is none of its
    values (a prefix ``ver*`` must begin one). While the last word is still
    being typed, the beginning of a value is let through."""
    field = token.field or ""
    what, values = KEYWORD_VALUES[field]
    text = token.text.strip().lower()
    stem = text.rstrip("*")
    if text in values or (text.endswith("*") and any(v.startswith(stem) for v in values)):
        return
    if as_you_type and token.at_end and any(value.startswith(text) for value in values):
        return
    known = ", ".join(f"{field}:{value}" for value in values)
    raise QueryError(f"{field}:{_shown(token.text)} is not {what} (use {known})")


def value_being_typed(text: str) -> tuple[str, ...]:
    """The values ``text``'s last word may become when it is the beginning of a
    ``status:``, ``has:`` or ``anchor:`` value (``status:ver``: ``("status:verified",)``),
    else ``()``. Parsed as entered such a word is refused (no such value); a
    screen filtering at every keystroke selects nothing yet and names where the
    value is going, and refuses it only once it can become none of them."""
    try:
        tokens = tokenize(text, lenient=True)
    except QueryError:
        return ()
    last = tokens[-1] if tokens else None
    if last is None or not last.at_end or last.kind != "field" or last.field not in KEYWORD_VALUES:
        return ()
    typed = last.text.strip().lower()
    _, values = KEYWORD_VALUES[last.field]
    going = [value for value in values if value.startswith(typed)]
    if not typed or typed in values or not going:
        return ()
    try:  # the rest of the query must stand as entered
        parse(text + going[0][len(typed) :])
    except QueryError:
        return ()
    return tuple(f"{last.field}:{value}" for value in going)


def _reading_state(value: str) -> Word:
    """``is:unread``, ``is:read``, ``is:new``, ``is:changed``: a word of the ``is`` field."""
    state = value.strip().lower()
    if state not in IS_VALUES:
        known = ", ".join(f"is:{name}" for name in IS_VALUES)
        raise QueryError(f"is:{_shown(value)} is not a reading state (use {known})")
    return Word(state, STATE_FIELD)


def analysis_term(field: str, value: str) -> Word:
    """``links:``, ``linked:``, ``reliability:``, ``credibility:``, checked and given in one
    spelling (a relation; an id; the grades covered, ``AB`` or ``12``)."""
    text = value.strip()
    if field == "links":
        try:
            return Word(_check_relation(text), field)
        except VocabularyError as error:
            known = ", ".join(f"links:{name}s" for name in RELATIONS)
            raise QueryError(f"links:{_shown(text)} is not a relation (use {known})") from error
    if field == "linked":
        if not text or has_unsafe(text) or "*" in text:
            raise QueryError(f"linked:{_shown(text)} is not a claim id (as in linked:c1a2b3)")
        return Word(text, field)
    scale = RELIABILITIES if field == "reliability" else "123456"
    return Word(_grades(field, text.upper(), scale), field)


def _grades(field: str, value: str, scale: str) -> str:
    """The grades of ``scale`` a ``reliability:`` or ``credibility:`` value covers: one
    (``B``), a range (``A..C``, ``..B``, ``C..``) or a comparison (``<=2``, ``>D``)."""
    low, high = 0, len(scale) - 1

    examples = dict.fromkeys((_EXAMPLES[field], f"{scale[0]}..{scale[1]}"))  # once each
    shown_examples = " or ".join(f"{field}:{example}" for example in examples)

    def place(grade: str) -> int:
        if len(grade) != 1 or grade not in scale:
            raise QueryError(
                f"{field}:{_shown(value)} is not a grade (use {scale[0]} to {scale[-1]}, as in "
                f"{shown_examples})"
            )
        return scale.index(grade)

    if ".." in value:
        left, _, right = value.partition("..")
        low = place(left.strip()) if left.strip() else low
        high = place(right.strip()) if right.strip() else high
    elif value[:2] in ("<=", ">="):
        at = place(value[2:].strip())
        low, high = (low, at) if value[0] == "<" else (at, high)
    elif value[:1] in ("<", ">"):
        at = place(value[1:].strip())
        low, high = (low, at - 1) if value[0] == "<" else (at + 1, high)
    else:
        low = high = place(value)
    if low > high:
        raise QueryError(f"{field}:{_shown(value)} covers no grade")
    return scale[low : high + 1]


def parse(text: str, *, as_you_type: bool = False) -> Node | None:
    """Parse ``text``; ``None`` for an empty query (which lists everything).

    Its words are composed (NFC) as the index's are (see :mod:`..text.forms`)."""
    tokens = tokenize(composed(text), lenient=as_you_type)
    return _Parser(tokens, as_you_type).parse()
