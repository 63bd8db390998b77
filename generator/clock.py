"""The build's clock is an input: --now, else SOURCE_DATE_EPOCH, else the real clock."""
from __future__ import annotations

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


class ClockError(ValueError):
    """--now or SOURCE_DATE_EPOCH cannot be read."""


def resolve_now(text: str | None, zone: ZoneInfo, environ=os.environ) -> datetime:
    if text:
        try:
            value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ClockError(f"--now: '{text}' is not a date and time; write it like 2026-11-20T09:00 (UK time) "
                             f"or 2026-11-20T09:00+00:00") from None
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).astimezone(zone)
        except (ValueError, OverflowError, OSError):
            raise ClockError(f"SOURCE_DATE_EPOCH: '{epoch}' is not a number of seconds since 1970") from None
    return datetime.now(zone).replace(microsecond=0)
