// Reads .ics files with Mozilla ical.js (the engine of Thunderbird) and prints, as JSON, every
// occurrence of every event as ical.js shows it, a series' changed occurrences (VEVENTs with
// its UID and a RECURRENCE-ID) in place of the rule's: start and end as UTC instants, SUMMARY
// and STATUS of the VEVENT the occurrence comes from.
//
//   node icaljs_changed.mjs [--days N] FILE.ics ...
//
// Output: [{"file": path, "occurrences": [{"uid", "start", "end", "title", "status"}]}],
// in the order ical.js gives them, over DTSTART + N days (730 unless given). As in
// icaljs_instants.mjs, each file's VTIMEZONEs are registered alone (ical.js has no zone data
// of its own), so every time is read with the file's own definition of its TZID.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const DAY = 86400;

function fail(message) {
  process.stderr.write(`icaljs_changed: ${message}\n`);
  process.exit(1);
}

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function utcText(t) {
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `${pad(u.year, 4)}-${pad(u.month)}-${pad(u.day)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
}

function detailsOf(component) {
  return {
    title: component.getFirstPropertyValue("summary") || "",
    status: component.getFirstPropertyValue("status") || "",
  };
}

function readFile(path, days) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const masters = new Map();
  const changed = [];
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const uid = vevent.getFirstPropertyValue("uid");
    if (vevent.hasProperty("recurrence-id")) changed.push(vevent);
    else if (masters.has(uid)) fail(`${path}: two VEVENTs ${uid} without RECURRENCE-ID`);
    else masters.set(uid, new ICAL.Event(vevent));
  }
  for (const vevent of changed) {
    const uid = vevent.getFirstPropertyValue("uid");
    const master = masters.get(uid);
    if (!master) fail(`${path}: a RECURRENCE-ID of ${uid} without its series`);
    master.relateException(vevent);
  }
  const occurrences = [];
  for (const [uid, event] of masters) {
    if (!event.isRecurring()) {
      occurrences.push({
        uid,
        start: utcText(event.startDate),
        end: utcText(event.endDate),
        ...detailsOf(event.component),
      });
      continue;
    }
    const horizon = event.startDate.toUnixTime() + days * DAY;
    const expansion = event.iterator();
    for (let next = expansion.next(); next; next = expansion.next()) {
      if (next.toUnixTime() >= horizon) break;
      const details = event.getOccurrenceDetails(next);
      occurrences.push({
        uid,
        start: utcText(details.startDate),
        end: utcText(details.endDate),
        ...detailsOf(details.item.component),
      });
    }
  }
  return { file: path, occurrences };
}

function main(argv) {
  let days = 730;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--days") days = Number.parseInt(argv[++i], 10);
    else files.push(argv[i]);
  }
  if (files.length === 0) fail("usage: node icaljs_changed.mjs [--days N] FILE.ics ...");
  process.stdout.write(`${JSON.stringify(files.map((path) => readFile(path, days)))}\n`);
}

main(process.argv.slice(2));
