(function () {
  "use strict";
  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  var form = document.getElementById("filters");
  if (!form) return;
  var q = document.getElementById("f-search");
  var tag = document.getElementById("f-tag");
  var series = document.getElementById("f-series");
  var speaker = document.getElementById("f-speaker");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.webinar"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.series"));
  var pattern = count.getAttribute("data-pattern");
  var total = items.length;
  // The words each webinar is found by: its id, title, topic, description, speakers, tags
  // and resource titles, folded once here (not shipped in the page, which would double it).
  var fields = "h3, .topic, .desc, .speakers, .tags, .rt";
  var texts = items.map(function (el) {
    var parts = [el.id.replace(/^webinar-/, "")];
    var found = el.querySelectorAll(fields);
    for (var i = 0; i < found.length; i++) parts.push(found[i].textContent);
    return norm(parts.join(" ").replace(/\s+/g, " "));
  });
  function has(list, value) { return (" " + list + " ").indexOf(" " + value + " ") >= 0; }
  function apply() {
    var words = norm(q.value).split(/\s+/).filter(Boolean);
    var t = tag.value, s = series.value, p = speaker.value;
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
