"""An empty library says what it holds that is not a briefing, and how to bring it in.

Pointed at a folder of plain-text articles (``.txt``, as the BBC's news corpus
comes), saved pages or PDFs, ``briefing list`` printed nothing at all and exit 0,
``briefing doctor`` "ok (0 briefings)": nothing said that a briefing is a
``.md`` file, or that ``briefing import`` reads the others.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing_tui.cli import main
from briefing_tui.core.briefings.strays import described, importable_files

ARTICLE = "Ad sales boost Time Warner profit\n\nQuarterly profits jumped 76%.\n"


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_of_a_folder_of_text_files_says_how_to_import_them(
    lib_dir: Path, data_dir: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    for name in ("001.txt", "002.txt", "sport/101.txt"):
        (lib_dir / name).parent.mkdir(exist_ok=True)
        (lib_dir / name).write_text(ARTICLE.replace("76", name[-7:-4]))
    story = "Dockers at the northern ports stayed out for a second week. " * 8
    (lib_dir / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>Harbour strike</title></head><body><article>"
        f"<h1>Harbour strike</h1><p>{story}</p><p>{story}</p></article></body></html>"
    )
    (lib_dir / ".hidden.txt").write_text(ARTICLE)
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    code, out, err = _run(capsys, "list", *common)
    assert code == 0 and out == ""
    assert err.strip() == (
        "The library is empty: 3 .txt files and 1 .html file here are not briefings "
        f"(a briefing is a .md or .markdown file): `briefing import {lib_dir}` brings them in"
    )
    code, out, _ = _run(capsys, "doctor", *common)
    assert "Empty:   3 .txt files and 1 .html file here are not briefings" in out
    # Doing what it says brings them in.
    code, _, err = _run(capsys, "import", str(lib_dir), *common)
    assert code == 0, err
    code, out, err = _run(capsys, "list", *common)
    assert "Ad sales boost Time Warner profit" in out and "empty" not in err


def test_an_empty_folder_says_only_that_it_is_empty(lib_dir: Path, data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    code, out, err = _run(capsys, "list", *common)
    assert (code, out, err) == (0, "", "The library is empty.\n")
    code, out, _ = _run(capsys, "list", "--json", *common)
    assert out.strip() == "[]"
    code, out, _ = _run(capsys, "doctor", *common)
    assert "Empty:" not in out


def test_the_count_is_bounded_and_skips_what_the_scan_skips(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.md").write_text("# A briefing")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path, target_is_directory=True)
    for number in range(30):
        (tmp_path / f"{number}.txt").write_text("x")
    found = importable_files(tmp_path)
    assert found == {".txt": 30, ".pdf": 1}
    assert described(found) == "30 .txt files and 1 .pdf file"
    assert sum(importable_files(tmp_path, most=10).values()) <= 10


def test_a_folder_sorted_into_subfolders_is_imported_sorted(
    lib_dir: Path, data_dir: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """The BBC corpus comes as business/, sport/, … of .txt files: imported, every
    briefing landed at the top of the library, the sorting lost (and same-titled
    stories of two folders named -2)."""
    corpus = tmp_path / "bbc"
    for folder, title in (("business", "Ad sales boost profit"), ("sport/rugby", "Captain stays")):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "001.txt").write_text(f"{title}\n\nThe story of {title.lower()}.\n")
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    code, _, err = _run(capsys, "import", str(corpus), *common)
    assert code == 0, err
    code, out, _ = _run(capsys, "list", "--json", *common)
    assert sorted(item["path"] for item in json.loads(out)) == [
        "business/ad-sales-boost-profit.md",
        "sport/rugby/captain-stays.md",
    ]
    code, _, err = _run(capsys, "import", str(corpus / "business"), "--into", "in", *common)
    assert code == 0 and "1 skipped" in err  # the same text: already in the library


def test_a_subfolder_kept_never_leads_out_through_a_library_symlink(
    lib_dir: Path, data_dir: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """The library's business/ a symlink out of it: the corpus's business/ files were
    written there, outside, "1 imported" and the library still empty (--into business
    is refused as outside the library)."""
    corpus, elsewhere = tmp_path / "bbc", tmp_path / "elsewhere"
    (corpus / "business").mkdir(parents=True)
    (corpus / "business" / "001.txt").write_text("Ad sales boost profit\n\nThe story.\n")
    elsewhere.mkdir()
    (lib_dir / "business").symlink_to(elsewhere, target_is_directory=True)
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    code, _, err = _run(capsys, "import", str(corpus), *common)
    assert code != 0 and "business/ leads out of the library" in err, err
    assert list(elsewhere.iterdir()) == []


def test_a_subfolder_whose_files_all_fail_is_not_made(
    lib_dir: Path, data_dir: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """The subfolder was made before its file was read: a folder of files that could
    not be imported left empty folders in the library."""
    corpus = tmp_path / "bbc"
    (corpus / "tech").mkdir(parents=True)
    (corpus / "tech" / "empty.txt").write_text("")  # "no text to import"
    (corpus / "tech" / "blank.html").write_text("<html><body></body></html>")
    (corpus / "good.txt").write_text("A good story\n\nWith words in it.\n")
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    code, _, err = _run(capsys, "import", str(corpus), *common)
    assert code != 0 and "1 imported, 0 skipped, 2 failed" in err
    assert not (lib_dir / "tech").exists()
    assert (lib_dir / "a-good-story.md").exists()
