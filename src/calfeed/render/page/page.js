(function () {
  "use strict";
  var picker = document.getElementById("zone");
  var toggle = document.getElementById("show-past");
  var note = document.getElementById("past-note");
  var controls = document.getElementById("controls");
  if (!picker || !toggle || !note || !controls || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  /* calfeed's words in the page's language, written by the build into <html data-words>
   * (English, the messages themselves, where it has none). */
  var WORDS = JSON.parse(document.documentElement.getAttribute("data-words") || "{}");
  function say(message, fields) {
    var text = WORDS.hasOwnProperty(message) ? WORDS[message] : message;
    Object.keys(fields || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(fields[key]);
    });
    return text;
  }
  var LANG = document.documentElement.getAttribute("lang") || "en";
  var ENGLISH = /^en(-|$)/i.test(LANG);
  var formats = {};
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function formatter(zone) {
    if (!formats[zone]) {
      var options = {timeZone: zone, weekday: "short", day: "numeric", month: "short",
        year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        timeZoneName: "shortOffset"};
      try {
        formats[zone] = new Intl.DateTimeFormat(ENGLISH ? "en-GB" : LANG, options);
      } catch (e) {
        if (!(e instanceof RangeError)) { throw e; }
        options.timeZoneName = "short";  /* browsers without "shortOffset" */
        formats[zone] = new Intl.DateTimeFormat(ENGLISH ? "en-GB" : LANG, options);
      }
    }
    return formats[zone];
  }
  function known(zone) {
    try { formatter(zone); return true; } catch (e) { return false; }
  }
  function parts(instant, zone) {
    var p = {};
    formatter(zone).formatToParts(instant).forEach(function (part) {
      p[part.type] = part.value;
    });
    var offset = (p.timeZoneName || "").replace(/^GMT/, "UTC").replace(/\u2212/g, "-");
    /* English as calfeed writes days ("Thu 4 Nov 2021"); any other language as the
     * browser's CLDR writes a date there, with the same fields. */
    var day = ENGLISH ? p.weekday + " " + p.day + " " + p.month + " " + p.year :
      new Intl.DateTimeFormat(LANG, {timeZone: zone, weekday: "short", day: "numeric",
        month: "short", year: "numeric"}).format(instant);
    return {day: day, time: p.hour + ":" + p.minute, offset: offset === "UTC" ? "UTC+0" : offset};
  }
  function describe(start, end, zone) {
    var a = parts(start, zone);
    var text = a.day + ", " + a.time;
    if (end) {
      var b = parts(end, zone);
      text += "\u2013" + (b.day === a.day ? "" : b.day + ", ") + b.time;
    }
    return text + " (" + a.offset + ")";
  }
  function each(selector, within, action) {
    Array.prototype.forEach.call((within || document).querySelectorAll(selector), action);
  }
  function showTimes(zone) {
    each(".event[data-start]", null, function (event) {
      var out = event.querySelector(".yours");
      if (!out) {
        var when = event.querySelector(".when");
        out = document.createElement("p");
        out.className = "yours";
        when.parentNode.insertBefore(out, when.nextSibling);
      }
      var end = event.getAttribute("data-end");
      out.textContent = say("In {zone}: {time}", {zone: zone, time: describe(
        new Date(event.getAttribute("data-start")), end ? new Date(end) : null, zone)});
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isPast(event, now, today) {
    var end = event.getAttribute("data-end") || event.getAttribute("data-start");
    if (end) { return new Date(end) <= now; }
    var last = event.getAttribute("data-last-day");
    return last ? last < today : false;
  }
  function filterPast() {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var total = 0, past = 0;
    each(".day", null, function (day) {
      var shown = 0;
      each(".event", day, function (event) {
        var over = isPast(event, now, today);
        total += 1;
        past += over ? 1 : 0;
        event.classList.toggle("past", over);
        event.hidden = over && !toggle.checked;
        shown += event.hidden ? 0 : 1;
      });
      day.hidden = shown === 0;
    });
    if (!past) {
      note.textContent = "";
    } else if (toggle.checked) {
      note.textContent = say(past === 1 ? "{n} past event is shown, marked \u201cpast\u201d." :
        "{n} past events are shown, marked \u201cpast\u201d.", {n: past});
    } else if (past === total) {
      note.textContent = say("No upcoming events: all {n} listed events are over.", {n: total});
    } else {
      note.textContent = say(past === 1 ? "{n} past event is hidden." :
        "{n} past events are hidden.", {n: past});
    }
  }
  var own = null;
  try { own = new Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) {}
  if (own && known(own)) {
    var mine = document.createElement("option");
    mine.value = own;
    mine.textContent = say("Your zone ({zone})", {zone: own.replace(/_/g, " ")});
    picker.insertBefore(mine, picker.firstChild);
  }
  each("option", picker, function (option) { option.disabled = !known(option.value); });
  var saved = load("calfeed-zone");
  picker.value = saved && known(saved) ? saved : (own && known(own) ? own : "UTC");
  if (!picker.value) { picker.value = "UTC"; }
  toggle.checked = load("calfeed-show-past") === "yes";
  picker.addEventListener("change", function () {
    save("calfeed-zone", picker.value);
    showTimes(picker.value);
  });
  toggle.addEventListener("change", function () {
    save("calfeed-show-past", toggle.checked ? "yes" : "no");
    filterPast();
  });
  showTimes(picker.value);
  filterPast();
  controls.hidden = false;
})();
