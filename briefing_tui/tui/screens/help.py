"""The help screen: every key, built from the bindings, and the query syntax."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any

from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Markdown, Static, TextArea

QUERY_HELP = """\
## Searching

| Query | Finds |
|---|---|
| `sanctions india` | both words, stemmed (none found: a misspelt word is offered as spelt here) |
| `sanctions OR embargo` | either word |
| `sanctions NOT turkey`, `sanctions -turkey` | the first without the second |
| `"prime minister"` | the exact phrase |
| `minist*` | words starting with *minist* |
| `title:oil` | a word in the title |
| `tag:key` | briefings tagged *key* |
| `source:reuters` | a word in the source |
| `source:="Reuters"` | exactly that source (not *Reuters Africa*; case ignored) |
| `date:2024`, `date:2024-03`, `date:2024-03-15` | a year, month or day |
| `date:2024-01..2024-03`, `date:>2024-06-01`, `date:<=2023` | date ranges |
| `(oil OR gas) date:2024` | groups |
| `is:unread`, `is:read` | briefings not yet read / read (open a few seconds, or `u`) |
| `is:new` | briefings that arrived since the app's last start |
| `is:changed` | briefings whose text changed after they were read |

Claims and notes: `claim:ceasefire` (words in claim quotes), `note:source` (words in
notes), `status:key` (open, key, verified, disputed, false), `has:claims`, `anchor:orphaned`;
`tag:` covers briefing tags and claim tags.

Highlights (search words, find matches, claims) show in paragraphs, headings, code
blocks and table cells. An accented letter is one letter however it was
written: `café` typed finds *café* copied decomposed from macOS or a PDF (search and `f`).

While you type, the last word also matches as a prefix (`governm` finds *government*),
a phrase not closed yet (`"prime minis`) matches its words, `@NAME` runs a saved search
(`@NAME oil` narrows it), and a `status:`, `has:` or `anchor:` value waits to be finished
(`status:ver`). Until
that word has four letters its matches are listed newest first, not ranked (the
count line says "sorted by newest (ranked when you pause)"), until the typing pauses.
An empty search lists everything, newest first. Words as common as *the*, and text
without letters, digits or emoji, are not indexed: among other words they are left out, and a
query of nothing else is refused: "nothing to search for" (the list stays as it was).
A query holds at most 64 terms, any of
them a prefix (`word*`: a query's prefixes share one budget, each matching its most
frequent completions); one too wide to rank in time lists its matches newest first.
As you type, briefings holding the last word as typed come before those holding only
its completions (`spec`: *spec* before *special*).

In the claims screen (f2), `status:`, `tag:`, `anchor:`, `note:` and `claim:` pick the
claims themselves; other words pick the briefings whose claims are listed.
"""

#: Shown in every help: the analyst's keys and terms (the panel's keys are not the screen's).
ANALYST_HELP = """\
## The analyst's layer

A claim's rating reads as analysts read it, **B2**: its source's reliability (A completely
reliable … F cannot be judged) and its credibility (1 confirmed by other sources … 6 cannot
be judged); `?` for the half not rated. In the claims panel (`p` in the reader) and the
claims screen (`f2`, on the list): `l` links the claim to another (type to search every
claim, then choose supports, contradicts, repeats or cites), `x` shows the claims that
contradict or support it side by side (`enter` opens one, `u` unlinks), `e` edits it
(credibility 1-6 and an event date, `YYYY-MM-DD`; `ctrl+l` links from the dialog).

`f5` **Timeline**: the claims of the claims screen's query by event date (else the
briefing's date, marked so), grouped by month; `-` / `+` zoom to weeks and days and back.
`f6` **Overview**: briefings per week, claims by status and rating, top sources and tags,
what needs review; `s` there opens the **source manager**, where `r` rates a source A-F
and `b` lists its briefings in the library (`source:="…"`).

Query terms: `links:contradicts`, `has:links`, `linked:CLAIM`, `reliability:B`,
`credibility:2`.
"""

#: Shown in the library's help (its ``help_text``): reading state and acting on the results.
STREAM_HELP = """\
## The daily stream

In the list, the first column marks what to read: `●` unread (its title in bold), `✦` new
since the app's last start and unread, `◐` read, then changed since (`d` in the reader
shows what changed). The count line says the library's unread, new and changed. `u`
marks the highlighted briefing read or unread (the reader marks one read after 3 s open).
`up` on the list's first row goes back to the search box (`/` does from anywhere but
a side panel, where `escape` closes the panel first); so does a letter that is no key
of the list's, with what you type after it (a new query). `q` in the list quits
(a moment later: a word typed from it, `quokka`, is searched; escape cancels).

On every listed result at once (an empty search is every briefing; the count is asked
first): `T` tags or untags them (`+tag -other`), `M` marks them read, `U` unread; also in
the command palette (`ctrl+p`). `v` shows under each result its best passage with the
query's words highlighted (none for an empty search).

**Saved searches**: `ctrl+w` saves the query in the search box under a name. `w` opens
the panel on the left: each saved search with its matches and unread matches, counted
again after each sync. There `enter` runs one, `r` renames it, `x` deletes it (asked
first), `K`/`J` move it up or down; `escape` (or `w`) closes the panel.

**Facets**: `F` opens the panel on the right: how many of the results carry each tag,
source, month and claim status, counted again as the results change. `enter` on a
value narrows the search by its term (`tag:energy`, `source:="Wire"`, `date:2024-03`)
and the search box shows it; `escape` (or `F`) closes the panel. Below 120 columns one
panel is open at a time.

**The list follows the library folder**: files added, edited, renamed or removed there
show within about two seconds, without `ctrl+r`; an open briefing whose file changed
offers `r` to reload. A folder that disappears is said once, and nothing is removed.
`briefing --no-watch` opens the app without following it. Claims written by another
process (`briefing annotate` while the app runs) show on their rows after `ctrl+r`.
"""

#: Shown in the help of the library and of the feeds screen (their ``help_text``).
INTAKE_HELP = """\
## Getting briefings in

`a` in the list (`ctrl+n` from the search box too) opens **Add briefings**: paste a web
address (`https://…`) or the path of a saved web page, a PDF, a text or Markdown file, or a
folder of them. `~` is your home folder; other paths start from the folder the app was
started in; `tab` completes a path as a shell does (the part the names share, and the
names under the field when several go on, or that none starts so; `→` takes the grey
suggestion). The new briefings are listed at once, and a notification has a line per
input: added, skipped (naming the briefing that already holds
it) or not added, with the reason (cut short on a small screen: **Messages** in the palette
keeps every notice of the session whole). `escape` stops an add under way. The address of a
feed is not added but offered to be followed: `enter` again opens **Feeds** with it filled in.

In the command palette (`ctrl+p`): **Fetch feeds** fetches the new items of every followed
feed (a bar shows how far it got; a notification has a line per feed); **Feeds** lists the
followed feeds with when each was last fetched, its new items and its last error: there
`f` fetches the selected feed, `F` every feed, `a` follows a new one and `d` stops
following one (its briefings stay). A fetch under way stops with `s` on the feeds screen
or **Stop fetching feeds** in the palette: after the feed or item being read, keeping what
came in ("Stopped after 2 of 5 feeds"); the rest comes at the next fetch.

Only adding an address, following a feed by its address and fetching feeds use the network.
"""


def declared_bindings(node: DOMNode, *, widget_keys: bool = False) -> list[Binding]:
    """``node``'s bindings as its classes declare them, a base class's first, each
    replaced where a subclass binds the same keys (as Textual merges them).

    Read from the screen class's own ``BINDINGS`` alone, the help of the review
    screen (f3), which inherits the claims screen's keys, listed neither `escape`,
    `/`, `e` nor `d`. Textual's own classes (focus next, previous) are left out,
    but with ``widget_keys`` (a focused widget and those holding it) those of its
    lists and trees are kept: the outline's and the claims panel's `enter` and
    arrows are Textual's, and the help listed none of them and gave `↓` to the
    reader's "Line down" there. A text box's and a scrolled container's keys stay
    out (typing, and the same scrolling as the screen's keys).
    """
    bindings: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if not issubclass(cls, DOMNode) or _left_out(cls, widget_keys):
            continue
        if not cls._inherit_bindings:
            bindings.clear()
        inherited = bindings
        bindings = list(inherited)
        declared = cls.__dict__.get("BINDINGS", [])
        if cls.__module__.startswith("textual."):
            # Textual lists them by name (down, end, enter, …): enter and the arrows first.
            declared = sorted(
                (_plainly(b) for b in declared if isinstance(b, Binding)),
                key=lambda b: _FIRST_KEYS.get(b.key, len(_FIRST_KEYS)),
            )
        for binding in declared:
            if not isinstance(binding, Binding):
                continue
            keys = _keys(binding)
            replaced = [old for old in inherited if keys & _keys(old) and old in bindings]
            if not replaced:
                bindings.append(binding)
                continue
            # The subclass's binding of those keys, where the base had its own.
            bindings[bindings.index(replaced[0])] = binding
            bindings = [old for old in bindings if old not in replaced[1:]]
    return bindings


def _left_out(cls: type, widget_keys: bool) -> bool:
    """Whether a class's bindings stay out of the help (see :func:`declared_bindings`)."""
    if not cls.__module__.startswith("textual."):
        return False
    return not widget_keys or cls in _TEXTUAL_LEFT_OUT


#: Textual classes whose keys the help leaves out even on a focused widget.
_TEXTUAL_LEFT_OUT = (ScrollableContainer, Input, TextArea)

#: The keys of a Textual list or tree listed first, in this order.
_FIRST_KEYS = {"enter": 0, "up": 1, "down": 2}

#: Textual's descriptions said plainly ("Select" said nothing of what enter does).
_PLAIN = {"select": "Choose the highlighted one", "select_cursor": "Choose the highlighted one"}


def _plainly(binding: Binding) -> Binding:
    plain = _PLAIN.get(binding.action)
    return replace(binding, description=plain) if plain else binding


def _keys(binding: Binding) -> set[str]:
    return {key.strip() for key in binding.key.split(",")}


def bindings_table(screen: Screen[object], title: str) -> str:
    """Markdown tables of the keys at work where the focus is: the focused widget's
    and its containers' bindings that have a description, then the screen's and the
    app's (the order Textual tries them in).

    One row per set of keys: bindings of the same keys are one row with both
    descriptions, and a key bound again with the same description (``j`` as
    ``down``) joins its row; a binding's tooltip, when it has one, is shown rather
    than its (footer-sized) description. A key a binding before it takes (a panel's
    ``escape`` before the screen's) is left out of the later one. A binding its
    node's ``check_action`` turns off where the focus is, or until its moment (a
    selection, a fetch), goes to a second table. Over a dialog only the app's
    priority keys work (ctrl+q, f1, ctrl+p), so only they are listed.
    """
    focused = _focus_chain(screen)
    nodes = [*focused, screen, screen.app]
    listed = [
        (node, binding)
        for node in nodes
        for binding in declared_bindings(node, widget_keys=node in focused)
        if not (node is screen.app and screen.is_modal and not binding.priority)
    ]
    palette = _palette_binding(screen.app)
    if palette is not None:
        listed.append((screen.app, palette))
    enabled = {id(binding): _enabled(node, binding) for node, binding in listed}
    # Who has each key: priority bindings first (app, screen, widgets), then the rest
    # from the focused widget out, as Textual tries them.
    owner: dict[str, int] = {}
    by_priority = [b for _, b in reversed(listed) if b.priority]
    for binding in by_priority + [b for _, b in listed if not b.priority]:
        if enabled[id(binding)]:
            for key in _keys(binding):
                owner.setdefault(key, id(binding))
    tables: tuple[list[list[list[str]]], list[list[list[str]]]] = ([], [])
    for _, binding in listed:
        on = enabled[id(binding)]
        names = [key.strip() for key in binding.key.split(",")]
        # A binding at work keeps the keys no binding before it takes; one turned
        # off is listed with the keys no binding at work has.
        keys = [
            key for key in names if owner.get(key) == id(binding) or (not on and key not in owner)
        ]
        if binding.description and keys:
            _add_row(tables[0 if on else 1], keys, binding.tooltip or binding.description)
    lines = [f"## {title}", "", *_table(screen, tables[0])]
    if _typing(screen) and any(_typed(key) for row in tables[0] for key in row[0]):
        lines += ["", TYPING_NOTE]
    if tables[1]:
        lines += ["", "## Not at work here now", "", OFF_NOTE, "", *_table(screen, tables[1])]
    return "\n".join(lines)


#: Under the keys' table while a text box has the focus (the library's search box).
TYPING_NOTE = (
    "The cursor is in a text box: there a letter, `/`, `?` or `space` is typed into it. "
    "Leave the box first (`tab`) for the keys above that are one character."
)

#: Above the table of the keys that do nothing where the focus is now.
OFF_NOTE = (
    "These keys do nothing where the focus is now, or until their moment "
    "(sentences selected, a fetch under way, a file changed on disk)."
)


#: The command palette's row: Textual binds its key, so the app's keys had no row for it.
PALETTE_TEXT = (
    "Command palette: every command by name (add briefings, feeds, export claims, "
    "the screens, reading width, theme, quit), a briefing by title, a tag"
)


def _palette_binding(app: App[Any]) -> Binding | None:
    """The palette's binding (``ctrl+p``) as the help lists it, if the app has one."""
    if not app.ENABLE_COMMAND_PALETTE:
        return None
    for _key, binding in app._bindings:
        if binding.action in {"command_palette", "app.command_palette"}:
            return replace(binding, description="Command palette", tooltip=PALETTE_TEXT)
    return None


def _focus_chain(screen: Screen[object]) -> list[DOMNode]:
    """The focused widget and the widgets holding it, innermost first."""
    chain: list[DOMNode] = []
    node: DOMNode | None = screen.focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    return chain


def _enabled(node: DOMNode, binding: Binding) -> bool:
    """Whether ``binding`` does something where the focus is: its node's
    ``check_action`` says True (None greys a key out, False hides it: neither runs
    it); a node that cannot tell: yes."""
    try:
        namespace, action, parameters = parse_action(binding.action)
        target: DOMNode = node
        if namespace == "app":
            target = node.app
        elif namespace == "screen":
            target = node.screen
        return bool(target.check_action(action, parameters))
    except Exception:  # a screen asked before it is mounted, an odd action
        return True


def _typing(screen: Screen[object]) -> bool:
    return isinstance(screen.focused, Input | TextArea)


def _typed(key: str) -> bool:
    """Whether a text box types ``key`` rather than passing it on."""
    character = key_to_character(key) or {"slash": "/"}.get(key)
    return bool(character) and len(character or "") == 1 and (character or "").isprintable()


def _add_row(rows: list[list[list[str]]], keys: list[str], action: str) -> None:
    """A row for ``keys``: the same keys' row gains the action, the same action's
    row gains the keys."""
    for row_keys, actions in rows:
        if set(row_keys) == set(keys):
            if action not in actions:
                actions.append(action)
            return
        if action in actions:
            row_keys.extend(key for key in keys if key not in row_keys)
            return
    rows.append([list(keys), [action]])


def _table(screen: Screen[object], rows: list[list[list[str]]]) -> list[str]:
    def shown(key: str) -> str:
        return f"`{screen.app.get_key_display(Binding(key, ''))}`"

    lines = ["| Key | Action |", "|---|---|"]
    lines.extend(
        f"| {', '.join(shown(key) for key in keys)} | {'; '.join(actions)} |"
        for keys, actions in rows
    )
    return lines


class HelpScreen(ModalScreen[None]):
    """Shows the keys of the screen it was opened from, then the query syntax."""

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Close help", id="help.close"),
        # The reader's keys scroll the help too: j, space and G did nothing in it
        # (only the arrows, pgup/pgdn, home/end), a newcomer walk.
        Binding("j", "scroll('down')", show=False),
        Binding("k", "scroll('up')", show=False),
        Binding("space", "scroll('page_down')", show=False),
        Binding("b", "scroll('page_up')", show=False),
        Binding("g", "scroll('home')", show=False),
        Binding("G", "scroll('end')", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen #claim-legend { padding: 0 2 1 2; }
    """

    def __init__(self, origin: Screen[object], extra: str = "") -> None:
        super().__init__()
        self._keys = "\n\n".join(
            ("# briefing-tui help", bindings_table(origin, "Keys on this screen"))
        )
        #: A screen may add a section of its own (the library: getting briefings in).
        more = getattr(origin, "help_text", None)
        own = ""
        #: ``origin`` may not be mounted yet (f1 typed right after the enter that opened
        #: a briefing): what it would say from its widgets is left out, never a crash.
        with suppress(NoMatches):
            own = more() if callable(more) else ""
        parts = (own, extra, ANALYST_HELP, QUERY_HELP)
        self._rest = "\n\n".join(part for part in parts if part)
        self._text = f"{self._keys}\n\n{self._rest}"
        #: A screen may show a legend of its colours (the reader: claim statuses).
        legend = getattr(origin, "help_legend", None)
        self._legend: Content | None = None
        with suppress(NoMatches):
            self._legend = legend() if callable(legend) else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(self._keys, open_links=False)
            if self._legend is not None:
                yield Static(self._legend, id="claim-legend")
            yield Markdown(self._rest, open_links=False)

    def on_mount(self) -> None:
        # The start-up sync's notice covered the help's text at 80x24 (a walk); every
        # notice stays whole in ctrl+p Messages.
        self.app.clear_notifications()

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one("#help-body", VerticalScroll), f"scroll_{where}")(animate=False)


def close_help(app: App[Any]) -> None:
    """Close the help if it is on top: going to a screen from it (the command palette
    over the help) showed that screen over the help, and escape went back to the help."""
    while isinstance(app.screen, HelpScreen):
        app.pop_screen()
