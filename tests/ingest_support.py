"""What the ingest tests share: a PDF written by hand and a local HTTP server.

``make_pdf`` writes a real PDF with a text layer (Helvetica, one text object
per line), so the PDF reader is tested on pages laid out the way reports
are: a running header, a page number, a paragraph broken across lines and
pages, a word hyphenated at a line's end.

``Site`` is a threaded ``http.server`` on 127.0.0.1 serving what a test puts
in it, with ETag / Last-Modified (answering 304 to a conditional request),
and the bad cases: slow, huge, a gzip bomb, a redirect loop, 404 and 500.
Every request it answers is recorded with its headers.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
#: ``briefing ARGS`` in-process: (exit code, stdout, stderr).
Runner = Callable[..., tuple[int, str, str]]

# -- PDF -------------------------------------------------------------------------------

#: One line on a page: (font size, x, y, text).
Line = tuple[float, float, float, str]


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(
    pages: Sequence[Sequence[Line]], info: dict[str, str] | None = None, *, text: bool = True
) -> bytes:
    """A PDF of ``pages`` (each a list of lines); ``text=False`` draws no text (a "scan")."""
    objects: list[bytes] = []
    font_id = 3
    page_ids = []
    contents = []
    for lines in pages:
        if text:
            stream = b"".join(
                b"BT /F1 %g Tf %g %g Td %s Tj ET\n" % (size, x, y, _pdf_string(line))
                for size, x, y, line in lines
            )
        else:  # a grey box where a scanned page's image would be: no text layer
            stream = b"0.5 g 72 72 450 650 re f\n"
        contents.append(stream)
    # 1 catalog, 2 pages, 3 font, then page/content pairs, then info.
    next_id = 4
    for _ in pages:
        page_ids.append(next_id)
        next_id += 2
    info_id = next_id if info else None
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for pid, stream in zip(page_ids, contents, strict=True):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, pid + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%sendstream" % (len(stream), stream))
    if info:
        entries = b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items())
        objects.append(b"<< %s >>" % entries)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def _body_lines(texts: Sequence[str], top: float, gap: float = 14) -> list[Line]:
    return [(11, 72, top - i * gap, t) for i, t in enumerate(texts)]


def report_pages() -> list[list[Line]]:
    """Two pages of a report: header, heading, paragraphs across lines and pages, numbers."""
    header = (9, 72, 760, "Harbour Monitor - Quarterly Grain Report")
    page1 = [
        header,
        (18, 72, 700, "Grain Markets in Spring"),
        *_body_lines(
            [
                "Exports of wheat through the northern ports fell sharply in March,",
                "as the dock strike left forty bulk carriers waiting at anchor. The",
                "ministry published new infor-",
                "mation on Tuesday about the backlog.",
            ],
            660,
        ),
        *_body_lines(
            [
                "Barley shipments held steady, helped by the southern terminals,",
                "which kept working through the stoppage and took on extra",
            ],
            590,
        ),
        (9, 300, 40, "1"),
    ]
    page2 = [
        header,
        *_body_lines(
            [
                "cargo from the idle northern quays. Traders expect the backlog",
                "to clear within three weeks once the strike ends.",
            ],
            700,
        ),
        *_body_lines(["Freight rates rose by a tenth over the quarter."], 650),
        (9, 300, 40, "2"),
    ]
    return [page1, page2]


# -- a local web site ----------------------------------------------------------------


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before each chunk (a stalled server).
    delay: float = 0.0
    #: The body is sent once this is set (a server that answers when the test says):
    #: unlike ``delay``, the process is idle meanwhile, so the pilot's waits, which
    #: wait for an idle process up to a second a key, do not outlast it.
    gate: threading.Event | None = None


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int


class Site:
    """What the test server serves, by path, and what it was asked."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.requests: list[Request] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def put(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw
    ) -> str:  # type: ignore[no-untyped-def]
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.resources[path] = Resource(data, content_type, **kw)
        return self.url(path)

    def asked(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:
            pass

        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            site.requests.append(Request(self.path, dict(self.headers.items()), status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            if path.startswith("/loop"):
                number = int(path.removeprefix("/loop") or 0)
                self._send(302, {"Location": f"/loop{(number + 1) % 3}"})
                return
            if path.startswith("/redirect-to"):
                self._send(302, {"Location": path.removeprefix("/redirect-to")})
                return
            if path == "/to-file":
                self._send(302, {"Location": "file:///etc/passwd"})
                return
            if path == "/huge":
                self._huge()
                return
            if path == "/bomb":
                body = gzip.compress(b"\0" * (64 * 1024 * 1024))
                headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
                self._send(200, headers, body)
                return
            if path == "/500":
                self._send(500, {"Content-Type": "text/plain"}, b"oops")
                return
            resource = site.resources.get(path)
            if resource is None:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")
                return
            headers = {"Content-Type": resource.content_type, **resource.headers}
            if resource.etag:
                headers["ETag"] = resource.etag
            if resource.last_modified:
                headers["Last-Modified"] = resource.last_modified
            # If-None-Match, when sent, decides alone (RFC 9110, 13.2.2).
            if "If-None-Match" in self.headers:
                matched = self.headers["If-None-Match"] == resource.etag
            else:
                since = self.headers.get("If-Modified-Since")
                matched = bool(since) and since == resource.last_modified
            if matched:
                self._send(304, {k: v for k, v in headers.items() if k != "Content-Type"})
                return
            if resource.gate is not None:
                site.requests.append(Request(self.path, dict(self.headers.items()), 200))
                self.send_response(200)
                self.send_header("Content-Type", resource.content_type)
                self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                self.wfile.flush()
                resource.gate.wait(30)
                with contextlib.suppress(OSError):
                    self.wfile.write(resource.body)
                return
            if resource.delay:
                site.requests.append(Request(self.path, dict(self.headers.items()), 200))
                self.send_response(200)
                self.send_header("Content-Type", resource.content_type)
                self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                for index in range(len(resource.body)):
                    time.sleep(resource.delay)
                    try:
                        self.wfile.write(resource.body[index : index + 1])
                        self.wfile.flush()
                    except OSError:
                        return
                return
            self._send(resource.status, headers, resource.body)

        def _huge(self) -> None:
            # 12 MB of page, sent as chunks without a Content-Length: the cap
            # is enforced while reading, not only from the header.
            site.requests.append(Request(self.path, dict(self.headers.items()), 200))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"filler " * 9000 + b"</p>\n"
            try:
                for _ in range(12 * 1024 * 1024 // len(chunk) + 2):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                return

    return Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on purpose (the size cap) is not news


@pytest.fixture
def site() -> Iterator[Site]:
    """A web site on 127.0.0.1 for the test; tests put pages, PDFs and feeds in it."""
    served = Site()
    server = _QuietServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetches give up after half a second of silence (the slow server's case)."""
    from briefing_tui.core.briefings import fetching

    monkeypatch.setattr(
        fetching,
        "DEFAULT_LIMITS",
        fetching.FetchLimits(connect_timeout=2.0, read_timeout=0.5, total_timeout=5.0),
    )


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``briefing ARGS`` in-process on the test library: (exit code, stdout, stderr)."""
    from briefing_tui.cli import main

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def library_files(lib_dir: Path) -> list[str]:
    """Every file in the library, hidden ones too (a half-written temporary would show)."""
    return sorted(p.relative_to(lib_dir).as_posix() for p in lib_dir.rglob("*") if p.is_file())


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    import yaml

    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body
