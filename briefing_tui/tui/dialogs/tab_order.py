"""``tab`` and ``shift+tab`` in a dialog of several fields, taken as they are read.

Textual hands a key to the focused field first and runs the dialog's ``tab``
only once the field has passed it up; the keys read with it (a paste, a
script, a fast typist: ``URL<tab>ledger<tab>world``) were handed to the field
meanwhile, still focused. The Follow dialog made a feed named "ledgerw" tagged
"orld". As priority bindings the focus moves when ``tab`` is read, so what
follows it goes to the next field, as typed.
"""

from __future__ import annotations

from textual.binding import Binding

TAB_AS_READ = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]
