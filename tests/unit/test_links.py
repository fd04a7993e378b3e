"""Links in a briefing are untrusted: only library briefings open directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.core.briefings.links import classify_link


@pytest.mark.parametrize(
    ("href", "kind", "target"),
    [
        ("other.md", "briefing", "notes/other.md"),
        ("../top.md#section", "briefing", "top.md"),
        ("sub/deep%20name.md", "briefing", "notes/sub/deep name.md"),
        ("#outlook", "anchor", "outlook"),
        ("https://example.org/a?b=c", "web", "https://example.org/a?b=c"),
        ("mailto:someone@example.org", "web", "mailto:someone@example.org"),
    ],
)
def test_allowed_links(lib_dir: Path, href: str, kind: str, target: str) -> None:
    link = classify_link(href, "notes/current.md", lib_dir)
    assert (link.kind, link.target) == (kind, target)


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("file:///etc/passwd", "file: links"),
        ("javascript:alert(1)", "javascript: links"),
        ("../../outside.md", "outside the library"),
        ("/etc/passwd.md", "absolute paths"),
        ("C:\\\\Windows\\\\x.md", "files on disk"),
        ("--help", "command-line option"),
        ("notes.txt", "only links to briefings"),
        ("https://", "no host"),
        ("", "empty"),
        ("https://x.org/" + "a" * 3000, "over 2048"),
        ("a\x1b[2J.md", "control characters"),
        ("a\u241b.md", "control characters"),
    ],
)
def test_refused_links_say_why(lib_dir: Path, href: str, reason: str) -> None:
    link = classify_link(href, "notes/current.md", lib_dir)
    assert link.kind == "refused"
    assert reason in link.reason


def test_symlink_escaping_the_library_is_refused(lib_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (lib_dir / "escape").symlink_to(tmp_path / "outside")
    link = classify_link("escape/secret.md", None, lib_dir)
    assert link.kind == "refused"
    assert "outside the library" in link.reason
