/* The schedule pages of both editions (<edition>/schedule/): mark the current week of the
   cycle, and today's program day, from the program's start date and the reader's own clock.
   Loaded only on those pages (overrides/main.html); it loads nothing and sends nothing.
   Without it the page shows the whole cycle, unmarked. The words come from the page (data-cur-*
   attributes; a participant page's are in its language, from hooks/iopcurriculum/data/strings/). */
(function () {
  "use strict";
  var DAY = 86400000;

  function dayNumber(year, month, day) { return Date.UTC(year, month, day) / DAY; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  function badge(word) {
    var mark = document.createElement("strong");
    mark.className = "cur-now-badge";
    mark.textContent = word;
    return mark;
  }

  function mark(root) {
    var start = /^(\d{4})-(\d{2})-(\d{2})$/.exec(root.getAttribute("data-cur-start") || "");
    var weeks = parseInt(root.getAttribute("data-cur-weeks"), 10);
    if (!start || !(weeks > 0)) return;
    var now = new Date();
    var diff = dayNumber(now.getFullYear(), now.getMonth(), now.getDate())
      - dayNumber(+start[1], +start[2] - 1, +start[3]);
    if (diff < 0) return; // the first cycle has not started
    var week = Math.floor(diff / 7) % weeks + 1;
    var offset = diff % 7;
    var label = root.getAttribute("data-cur-this-week");
    root.querySelectorAll('[data-cur-week="' + week + '"]').forEach(function (element) {
      element.classList.add("cur-now");
      var heading = element.matches("tr") ? element.querySelector("th") : element.querySelector("h2, h3");
      if (heading) heading.insertBefore(badge(label), heading.firstChild);
    });
    var today = root.getAttribute("data-cur-today");
    root.querySelectorAll('[data-cur-day="' + week + ":" + offset + '"]').forEach(function (element) {
      element.classList.add("cur-today");
      var first = element.matches("tr") ? element.querySelector("td") : element;
      if (first && !first.querySelector(".cur-now-badge")) first.insertBefore(badge(today), first.firstChild);
    });
    var status = root.querySelector(".cur-schedule-now");
    if (!status) return;
    // Tonight's groups, or the next program day's (the cycle wraps around).
    var next = null, step;
    for (step = 0; step < 8; step++) {
      var day = (offset + step) % 7;
      var inWeek = (week - 1 + Math.floor((offset + step) / 7)) % weeks + 1;
      next = root.querySelector('[data-cur-what][data-cur-day="' + inWeek + ":" + day + '"]');
      if (next) break;
    }
    var line = fill(root.getAttribute("data-cur-now"), { week: week, weeks: weeks });
    if (next) {
      var when = step === 0 ? today
        : fill(root.getAttribute("data-cur-next"), { day: next.getAttribute("data-cur-label") });
      line += " " + when + ": " + next.getAttribute("data-cur-what") + ".";
    }
    status.textContent = line + " ";
    var jump = document.createElement("a");
    jump.href = "#week-" + week;
    jump.textContent = fill(root.getAttribute("data-cur-jump"), { week: week, weeks: weeks });
    status.appendChild(jump);
    status.hidden = false;
  }

  function run() { document.querySelectorAll(".cur-schedule[data-cur-start]").forEach(mark); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
