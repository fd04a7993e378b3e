"""A notification reaches the screen's right edge: Textual's rack kept a hidden scroll
bar's two columns there, and the list's text showed through them ("ce", "e")."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from .conftest import settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_notification_reaches_the_right_edge(make_app, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("Tags saved", title="Tags")
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert toasts
        assert all(toast.region.right == size[0] for toast in toasts), [
            toast.region for toast in toasts
        ]
