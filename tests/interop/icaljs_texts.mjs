// Reads .ics files with Mozilla ical.js (the engine of Thunderbird) and prints, as JSON, the
// texts a subscriber reads of every VEVENT: UID, SUMMARY, DESCRIPTION and LOCATION with their
// LANGUAGE parameters, and the start as a UTC instant, as Thunderbird would show them.
//
//   node icaljs_texts.mjs FILE.ics ...
//
// Output: [{"file": path, "name": NAME, "events": [{"uid", "start", "summary",
// "summaryLanguage", "description", "descriptionLanguage", "location"}]}].

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function utcText(t) {
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `${pad(u.year, 4)}-${pad(u.month)}-${pad(u.day)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
}

const files = [];
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = [];
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const summary = vevent.getFirstProperty("summary");
    const description = vevent.getFirstProperty("description");
    events.push({
      uid: event.uid,
      recurrenceId: event.recurrenceId ? utcText(event.recurrenceId) : null,
      start: utcText(event.startDate),
      summary: event.summary,
      summaryLanguage: summary.getParameter("language") ?? null,
      description: event.description,
      descriptionLanguage: description ? (description.getParameter("language") ?? null) : null,
      location: event.location,
    });
  }
  files.push({ file: path, name: calendar.getFirstPropertyValue("name"), events });
}
process.stdout.write(JSON.stringify(files));
