/* Subscribe links that work wherever the page is published, the region x audience picker,
 * any combination through the feed service, and QR codes of addresses known only here.
 *
 * Built without a base URL, each feed has only its relative download link; served over
 * http(s), the page knows its own address (location), so this makes every subscribe link
 * absolute, as calfeed's links.subscribe_links would have at build time (the browser tests
 * hold the two equal). Opened from disk, it says how to publish the page instead.
 *
 * It reads attributes calfeed writes; the feed names among them (catalogue text) only go,
 * percent-encoded, into a link's address. It writes with textContent, href and SVG
 * attributes, never markup. */
(function () {
  "use strict";
  var GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid=";
  var OUTLOOK_COM = "https://outlook.live.com/calendar/0";
  var OFFICE_365 = "https://outlook.office.com/calendar/0";
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
  var SCAN = say("Scan it with a phone camera to subscribe.");
  var served = location.protocol === "http:" || location.protocol === "https:";

  function byId(id) { return document.getElementById(id); }
  function each(selector, within, action) {
    Array.prototype.forEach.call(within.querySelectorAll(selector), action);
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  /* As Python's quote(text, safe=""): encodeURIComponent leaves !'()* as they are. */
  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function webcal(url) { return "webcal://" + url.slice(url.indexOf("://") + 3); }
  function isAbsolute(href) { return /^https?:\/\//i.test(href); }

  function subscribeLinks(url, name) {
    var named = "url=" + encode(url) + "&name=" + encode(name);
    return [
      [say("Apple Calendar, Thunderbird (webcal)"), webcal(url)],
      ["Google Calendar", GOOGLE_SUBSCRIBE + encode(webcal(url))],
      ["Outlook.com", OUTLOOK_COM + "/addfromweb?" + named],
      ["Office 365", OFFICE_365 + "/addfromweb?" + named],
      [say("Download .ics"), url]
    ];
  }
  function linkList(links) {
    var list = element("ul", "links");
    links.forEach(function (link) {
      var anchor = element("a", "", link[0]);
      anchor.href = link[1];
      list.appendChild(element("li")).appendChild(anchor);
    });
    return list;
  }
  /* "Feed address: ..." with a <wbr> after each "/" of the path, as the build writes it. */
  function addressLine(url) {
    var line = element("p", "muted feed-address", say("Feed address:") + " ");
    var code = line.appendChild(element("code"));
    var at = url.indexOf("://") + 3;
    url.slice(at).split("/").forEach(function (part, index) {
      if (index) { code.appendChild(document.createTextNode("/")); }
      if (index) { code.appendChild(element("wbr")); }
      code.appendChild(document.createTextNode(index ? part : url.slice(0, at) + part));
    });
    return line;
  }
  function qrCode(url, folded) {
    var box = element(folded ? "details" : "div", "qr");
    if (folded) { box.appendChild(element("summary", "", say("QR code"))); }
    box.appendChild(calfeedQR.svg(webcal(url), say("QR code of {address}", {address: webcal(url)})));
    box.appendChild(element("p", "muted", SCAN));
    return box;
  }
  function subscribeBlock(url, name, folded) {
    var block = document.createDocumentFragment();
    block.appendChild(linkList(subscribeLinks(url, name)));
    block.appendChild(addressLine(url));
    block.appendChild(qrCode(url, folded));
    return block;
  }

  function absoluteFeeds() {
    each("ul.links[data-relative]", document, function (list) {
      var url = list.querySelector("a").href;
      list.parentNode.replaceChild(subscribeBlock(url, list.getAttribute("data-name"), true),
        list);
    });
  }

  function showPair(region, audience, pairs, result) {
    var regionName = region.options[region.selectedIndex].textContent;
    var audienceName = audience.options[audience.selectedIndex].textContent;
    var wanted = region.value + "/" + audience.value;
    var item = null;
    each("li[data-pair]", pairs, function (pair) {
      if (pair.getAttribute("data-pair") === wanted) { item = pair; }
    });
    result.textContent = "";
    if (!item) {
      result.appendChild(element("p", "", say("There are no events for {audience} in {region} " +
        "yet: choose another region or audience, or a feed below.",
        {audience: audienceName, region: regionName})));
      return;
    }
    var heading = result.appendChild(element("p"));
    heading.appendChild(element("strong", "feed-name", regionName + " \u00b7 " + audienceName));
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(element("span", "count", item.querySelector(".count").textContent));
    var link = item.querySelector("a");
    if (served || isAbsolute(link.getAttribute("href"))) {
      result.appendChild(subscribeBlock(link.href, item.getAttribute("data-name"), false));
    } else {
      result.appendChild(linkList([[say("Download .ics"), link.href]]));
    }
  }
  function picker() {
    var box = byId("picker"), pairs = byId("pairs"), result = byId("pick-result");
    var region = byId("pick-region"), audience = byId("pick-audience");
    if (!box || !pairs || !result || !region || !audience) { return; }
    function show() { showPair(region, audience, pairs, result); }
    region.addEventListener("change", show);
    audience.addEventListener("change", show);
    show();
    box.hidden = false;
    pairs.hidden = true;
  }

  function combinations() {
    var box = byId("combine"), result = byId("combine-result");
    if (!box || !result) { return; }
    var service = box.getAttribute("data-service");
    var calendar = box.getAttribute("data-calendar");
    var language = box.getAttribute("data-lang");
    function show() {
      var query = [], names = {region: [], audience: [], tag: []};
      each("input[data-filter]", box, function (input) {
        if (!input.checked) { return; }
        var kind = input.getAttribute("data-filter");
        query.push(kind + "=" + encode(input.value));
        names[kind].push(input.getAttribute("data-name"));
      });
      result.textContent = "";
      if (!query.length) {
        result.appendChild(element("p", "", say("Tick at least one region, audience or topic.")));
        return;
      }
      if (language) { query.push("lang=" + encode(language)); }
      var chosen = [names.region, names.audience, names.tag].filter(function (group) {
        return group.length;
      }).map(function (group) { return group.join(say(", ")); }).join(" \u00b7 ");
      result.appendChild(element("p")).appendChild(element("strong", "feed-name", chosen));
      result.appendChild(subscribeBlock(service + "?" + query.join("&"),
        calendar + ": " + chosen, false));
    }
    each("input[data-filter]", box, function (input) {
      input.addEventListener("change", show);
    });
    show();
    box.hidden = false;
    var static_ = byId("combine-address");
    if (static_) { static_.hidden = true; }
  }

  var noUrl = byId("no-url"), fromDisk = byId("from-disk");
  if (served) {
    absoluteFeeds();
    if (noUrl) { noUrl.hidden = true; }
  } else if (noUrl && fromDisk) {
    noUrl.hidden = true;
    fromDisk.hidden = false;
  }
  picker();
  combinations();
})();
