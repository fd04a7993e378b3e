"""The help screen: every key, built from the bindings, and the query syntax."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

QUERY_HELP = """\
## Searching

| Query | Finds |
|---|---|
| `sanctions india` | briefings with both words (stemmed: *sanction* finds *sanctions*) |
| `sanctions OR embargo` | either word |
| `sanctions NOT turkey`, `sanctions -turkey` | the first without the second |
| `"prime minister"` | the exact phrase |
| `minist*` | words starting with *minist* |
| `title:oil` | a word in the title |
| `tag:key` | briefings tagged *key* |
| `source:reuters` | a word in the source |
| `date:2024`, `date:2024-03`, `date:2024-03-15` | a year, month or day |
| `date:2024-01..2024-03`, `date:>2024-06-01`, `date:<=2023` | date ranges |
| `(oil OR gas) date:2024` | groups |

Claims and notes: `claim:ceasefire` (words in claim quotes), `note:source` (words in
notes), `status:key` (open, key, verified, disputed, false), `has:claims`, `anchor:orphaned`;
`tag:` covers briefing tags and claim tags.

Highlights (search words, find matches, claims) show in paragraphs and headings;
code blocks and tables can't carry them yet.

While you type, the last word also matches as a prefix (`governm` finds *government*).
An empty search lists everything, newest first.
"""


def bindings_table(screen: Screen[object], title: str) -> str:
    """A Markdown table of a screen's and the app's bindings that have a description."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for node in (screen, screen.app):
        for binding in node.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            keys = ", ".join(
                f"`{screen.app.get_key_display(Binding(key.strip(), ''))}`"
                for key in binding.key.split(",")
            )
            rows.append((keys, binding.description))
    lines = [f"## {title}", "", "| Key | Action |", "|---|---|"]
    lines.extend(f"| {keys} | {description} |" for keys, description in rows)
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Shows the keys of the screen it was opened from, then the query syntax."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close help", id="help.close")]

    def __init__(self, origin: Screen[object], extra: str = "") -> None:
        super().__init__()
        self._text = "\n\n".join(
            part
            for part in (
                "# briefing-tui help",
                bindings_table(origin, "Keys on this screen"),
                extra,
                QUERY_HELP,
            )
            if part
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(self._text, open_links=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
