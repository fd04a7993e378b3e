"""Times as the exchange formats carry them and as the store keeps them."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: str) -> str:
    """A stored (local, naive) time as the W3C model wants it: UTC with ``Z``."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.astimezone()  # naive times are local
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):  # out of range here (year 1 east of UTC): as stored
        return value


def as_zoned(value: str) -> str:
    """A stored (local, naive) time with this machine's offset, for the json export: read
    in another time zone, a naive time was taken as that zone's, every claim's times
    moved by the difference (a walk). Times already zoned, or out of range, as they are."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.astimezone()  # naive times are local
        return moment.isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return value


def as_local(value: str) -> str:
    """An ISO time (any zone) as the store keeps times: local, naive, to the second."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def is_newer(a: str, b: str) -> bool:
    """Whether time ``a`` is later than ``b`` (ISO; zoned times compared in local time)."""
    try:
        return as_local(a) > as_local(b)
    except ValueError:
        return a > b
