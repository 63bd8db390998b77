// Reads .ics files with ts-ics and prints each event's start and end as UTC instants (JSON):
// {"<file>": {"<UID>": {"start": "...Z", "end": "...Z" | null, "summary": "..."}}}.
// Run by tests/test_calendar_clients.py: node tests/clients/ts_ics_read.mjs FILE...
import { readFileSync } from "node:fs";
import { convertIcsCalendar } from "ts-ics";

const out = {};
for (const path of process.argv.slice(2)) {
  const calendar = convertIcsCalendar(undefined, readFileSync(path, "utf8"));
  out[path] = {};
  for (const event of calendar.events ?? []) {
    out[path][event.uid] = {
      start: event.start.date.toISOString(),
      end: event.end ? event.end.date.toISOString() : null,
      summary: event.summary,
    };
  }
}
process.stdout.write(JSON.stringify(out));
