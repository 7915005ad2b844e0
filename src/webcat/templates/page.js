(function () {
  "use strict";
  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  // The page, or the fragment this script closes when it is pasted into another page.
  var me = document.currentScript;
  var root = (me && me.closest("[data-webcat]")) || document;
  var form = root.querySelector("#filters");
  if (!form) return;
  function control(name) { return form.querySelector("#f-" + name); }
  // Filters with fewer than two choices are not on the page at all.
  var q = control("search"), tag = control("tag"), series = control("series"), speaker = control("speaker");
  var count = root.querySelector("#count");
  var empty = root.querySelector("#empty");
  var items = Array.prototype.slice.call(root.querySelectorAll("li.webinar"));
  var sections = Array.prototype.slice.call(root.querySelectorAll("section.series"));
  var groups = Array.prototype.slice.call(root.querySelectorAll("section.series .group"));
  var pattern = count.getAttribute("data-pattern");
  var total = items.length;
  // The words each webinar is found by: its id, title, topic, description, speakers, tags
  // and resource titles, folded once here (not shipped in the page, which would double it).
  var fields = "h3, h4, .topic, .desc, .speakers, .tags, .rt";
  var texts = items.map(function (el) {
    var parts = [el.id.replace(/^webinar-/, "")];
    var found = el.querySelectorAll(fields);
    for (var i = 0; i < found.length; i++) parts.push(found[i].textContent);
    return norm(parts.join(" ").replace(/\s+/g, " "));
  });
  function has(list, value) { return (" " + list + " ").indexOf(" " + value + " ") >= 0; }
  function value(el) { return el ? el.value : ""; }
  function apply() {
    var words = norm(value(q)).split(/\s+/).filter(Boolean);
    var t = value(tag), s = value(series), p = value(speaker);
    var shown = 0, perSection = {};
    for (var i = 0; i < items.length; i++) {
      var el = items[i], d = el.dataset, ok = true;
      if (t && !has(d.tags, t)) ok = false;
      else if (s && d.series !== s) ok = false;
      else if (p && !has(d.speakers, p)) ok = false;
      else for (var j = 0; j < words.length; j++) {
        if (texts[i].indexOf(words[j]) < 0) { ok = false; break; }
      }
      if (el.hidden === ok) el.hidden = !ok;  // touch the DOM only on a change
      if (ok) { shown++; perSection[d.series] = true; }
    }
    var active = words.length || t || s || p;
    for (var k = 0; k < sections.length; k++) {
      sections[k].hidden = !!active && !perSection[sections[k].getAttribute("data-series")];
    }
    for (var g = 0; g < groups.length; g++) {
      groups[g].hidden = !!active && !groups[g].querySelector("li.webinar:not([hidden])");
    }
    count.textContent = pattern.replace("{shown}", shown).replace("{total}", total);
    empty.hidden = shown > 0;
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
