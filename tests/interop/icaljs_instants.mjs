// Reads .ics files with Mozilla ical.js (the engine of Thunderbird) and prints, as JSON, what
// it makes of every VEVENT: UID, start and end as UTC instants (or DATE values), and for a
// recurring event its occurrences' starts over the horizon.
//
//   node icaljs_instants.mjs [--days N] FILE.ics ...
//
// Output: [{"file": path, "events": [{"uid", "start", "end", "occurrences"}]}], where a
// date-time is "YYYY-MM-DDTHH:MM:SSZ", a DATE is "YYYY-MM-DD", "end" (DTEND, or DTSTART plus an
// exact DURATION) is null without either, and
// "occurrences" is null for an event with neither RRULE nor RDATE. Occurrences are those
// starting before DTSTART + N days (730 unless given), RDATEs included, EXDATEs removed.
//
// Every TZID must resolve to a VTIMEZONE of the same file: each file's VTIMEZONEs are
// registered with ICAL.TimezoneService (emptied first, so files never see each other's zones),
// and a time whose zone is not that file's own definition is an error, never a fallback.
// ical.js has no zone data of its own, so nothing else could answer for an IANA name anyway.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const DAY = 86400;

function fail(message) {
  process.stderr.write(`icaljs_instants: ${message}\n`);
  process.exit(1);
}

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function dateText(t) {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

function utcText(t) {
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `${dateText(u)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
}

function dayNumber(t) {
  return Date.UTC(t.year, t.month - 1, t.day) / (DAY * 1000);
}

// The zone a value of `prop` must be read in: UTC for the Z form, else the file's own
// VTIMEZONE named by TZID. Floating times are never written by calfeed: an error here.
function zoneOf(prop, value, own, where) {
  if (value.isDate) {
    if (prop.getParameter("tzid")) fail(`${where}: a DATE with a TZID`);
    return null;
  }
  const tzid = prop.getParameter("tzid");
  if (!tzid) {
    if (value.zone !== ICAL.Timezone.utcTimezone) fail(`${where}: floating time ${value}`);
    return ICAL.Timezone.utcTimezone;
  }
  const registered = ICAL.TimezoneService.get(tzid);
  if (!registered || !own.has(tzid) || registered.component !== own.get(tzid)) {
    fail(`${where}: TZID ${tzid} has no VTIMEZONE in the file`);
  }
  // ical.js resolves the TZID through the component tree first; either way the zone
  // must be built from this file's VTIMEZONE component, nothing else.
  if (!value.zone || value.zone.component !== own.get(tzid)) {
    fail(`${where}: TZID ${tzid} was not read with the file's VTIMEZONE`);
  }
  return registered;
}

// The value of a DTSTART/DTEND-like property: a DATE as text, else an ICAL.Time whose wall
// time is read in the zone the file defines for its TZID.
function valueOf(prop, own, where) {
  if (prop.getValues().length !== 1) fail(`${where}: ${prop.name} has several values`);
  const value = prop.getFirstValue();
  const zone = zoneOf(prop, value, own, where);
  if (zone === null) return dateText(value);
  return new ICAL.Time(
    {
      year: value.year,
      month: value.month,
      day: value.day,
      hour: value.hour,
      minute: value.minute,
      second: value.second,
      isDate: false,
    },
    zone,
  );
}

function instant(prop, own, where) {
  if (!prop) return null;
  const value = valueOf(prop, own, where);
  return typeof value === "string" ? value : utcText(value);
}

function occurrences(vevent, own, days, where) {
  if (!vevent.hasProperty("rrule") && !vevent.hasProperty("rdate")) return null;
  for (const name of ["rdate", "exdate"]) {
    for (const prop of vevent.getAllProperties(name)) {
      for (const value of prop.getValues()) zoneOf(prop, value, own, `${where} ${name}`);
    }
  }
  const event = new ICAL.Event(vevent);
  const dtstart = event.startDate;
  const expansion = event.iterator();
  const found = [];
  if (dtstart.isDate) {
    const horizon = dayNumber(dtstart) + days;
    for (let next = expansion.next(); next; next = expansion.next()) {
      if (dayNumber(next) >= horizon) break;
      found.push(dateText(next));
    }
  } else {
    const horizon = dtstart.toUnixTime() + days * DAY;
    for (let next = expansion.next(); next; next = expansion.next()) {
      if (next.toUnixTime() >= horizon) break;
      found.push(utcText(next));
    }
  }
  return found;
}

// DTEND, or DTSTART plus an exact DURATION (hours, minutes, seconds), as an instant.
function endOf(vevent, own, where) {
  const duration = vevent.getFirstPropertyValue("duration");
  if (!duration) return instant(vevent.getFirstProperty("dtend"), own, where);
  if (vevent.getFirstProperty("dtend")) fail(`${where}: both DTEND and DURATION`);
  if (duration.days || duration.weeks) fail(`${where}: a DURATION of days or weeks`);
  const start = valueOf(vevent.getFirstProperty("dtstart"), own, where);
  if (typeof start === "string") fail(`${where}: a DURATION on an all-day event`);
  const end = start.convertToZone(ICAL.Timezone.utcTimezone);
  end.addDuration(duration); // exact: the time is in UTC, where no clock changes
  return utcText(end);
}

function readFile(path, days) {
  const text = readFileSync(path, "utf8");
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  const own = new Map();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const tzid = vtimezone.getFirstPropertyValue("tzid");
    if (own.has(tzid)) fail(`${path}: two VTIMEZONEs named ${tzid}`);
    own.set(tzid, vtimezone);
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const uid = vevent.getFirstPropertyValue("uid");
    const where = `${path} ${uid}`;
    return {
      uid,
      start: instant(vevent.getFirstProperty("dtstart"), own, where),
      end: endOf(vevent, own, where),
      occurrences: occurrences(vevent, own, days, where),
    };
  });
  return { file: path, events };
}

function main(argv) {
  let days = 730;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--days") {
      days = Number.parseInt(argv[++i], 10);
      if (!(days > 0)) fail("--days takes a positive number");
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0) fail("usage: node icaljs_instants.mjs [--days N] FILE.ics ...");
  const result = files.map((path) => readFile(path, days));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2));
