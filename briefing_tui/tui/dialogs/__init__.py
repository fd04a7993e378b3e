"""Modal dialogs: each asks one thing and returns its answer with ``dismiss``.

``claim`` (note, tags, status of a claim), ``confirm`` (yes or no), ``prompt``
(one line of text), ``export`` (format, selection and file), ``tags`` (a
briefing's tags with completion).
"""
