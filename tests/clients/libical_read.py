"""Reads .ics files with libical (Debian's libical3, the C library Evolution and Cyrus use) and prints JSON.

For each file: libical's parse errors, its RFC 5546 restriction check (what it says about
METHOD/ORGANIZER), and each event's start and end as UTC instants computed from the file's own
VTIMEZONE. Run by tests/test_calendar_clients.py with the system Python:
/usr/bin/python3 tests/clients/libical_read.py FILE...

ctypes, not GObject introspection: Debian's ICal-3.0 typelib leaves out the parser and the
component walkers (icalparser_parse_string, icalcomponent_get_first_component), so `gi` cannot
read a file with it.
"""
import ctypes
import ctypes.util
import json
import sys


class IcalTime(ctypes.Structure):
    """struct icaltimetype (libical 3)."""

    _fields_ = [(name, ctypes.c_int) for name in
                ("year", "month", "day", "hour", "minute", "second", "is_date", "is_daylight")] + \
               [("zone", ctypes.c_void_p)]


def _library():
    name = ctypes.util.find_library("ical")
    if not name:
        sys.exit("libical is not installed (Debian: apt-get install libical3)")
    lib = ctypes.CDLL(name)
    pointer, text = ctypes.c_void_p, ctypes.c_char_p
    for function, result, arguments in [
        ("icalparser_parse_string", pointer, [text]),
        ("icalcomponent_as_ical_string", text, [pointer]),
        ("icalcomponent_isa", ctypes.c_int, [pointer]),
        ("icalcomponent_string_to_kind", ctypes.c_int, [text]),
        ("icalcomponent_get_first_component", pointer, [pointer, ctypes.c_int]),
        ("icalcomponent_get_next_component", pointer, [pointer, ctypes.c_int]),
        ("icalcomponent_get_uid", text, [pointer]),
        ("icalcomponent_get_dtstart", IcalTime, [pointer]),
        ("icalcomponent_get_dtend", IcalTime, [pointer]),
        ("icalcomponent_get_timezone", pointer, [pointer, text]),
        ("icalrestriction_check", ctypes.c_int, [pointer]),
        ("icaltime_as_timet_with_zone", ctypes.c_long, [IcalTime, pointer]),
        ("icaltime_is_null_time", ctypes.c_int, [IcalTime]),
        ("icaltime_get_tzid", text, [IcalTime]),
    ]:
        getattr(lib, function).restype = result
        getattr(lib, function).argtypes = arguments
    return lib


def _errors(lib, component):
    text = lib.icalcomponent_as_ical_string(component).decode("utf-8")
    return [line for line in text.replace("\r\n ", "").splitlines() if line.startswith("X-LIC-ERROR")]


def _instant(lib, calendar, time):
    """Seconds since 1970 (UTC), the wall time resolved through the file's own VTIMEZONE."""
    if lib.icaltime_is_null_time(time):
        return None
    if time.is_date:
        return {"date": f"{time.year:04d}-{time.month:02d}-{time.day:02d}"}
    tzid = lib.icaltime_get_tzid(time)
    zone = lib.icalcomponent_get_timezone(calendar, tzid) if tzid else None
    if tzid and not zone:
        return {"error": f"no VTIMEZONE for {tzid.decode()}"}
    return {"utc": lib.icaltime_as_timet_with_zone(time, zone), "tzid": tzid.decode() if tzid else None}


def read(lib, path):
    with open(path, encoding="utf-8") as file:
        calendar = lib.icalparser_parse_string(file.read().encode("utf-8"))
    if not calendar:
        return {"parsed": False}
    parse_errors = _errors(lib, calendar)
    vevent = lib.icalcomponent_string_to_kind(b"VEVENT")
    events = {}
    event = lib.icalcomponent_get_first_component(calendar, vevent)
    while event:
        events[lib.icalcomponent_get_uid(event).decode()] = {
            "start": _instant(lib, calendar, lib.icalcomponent_get_dtstart(event)),
            "end": _instant(lib, calendar, lib.icalcomponent_get_dtend(event)),
        }
        event = lib.icalcomponent_get_next_component(calendar, vevent)
    restrictions_pass = bool(lib.icalrestriction_check(calendar))
    return {"parsed": True, "parse_errors": parse_errors, "restrictions_pass": restrictions_pass,
            "restriction_errors": [e for e in _errors(lib, calendar) if e not in parse_errors], "events": events}


if __name__ == "__main__":
    library = _library()
    json.dump({path: read(library, path) for path in sys.argv[1:]}, sys.stdout)
