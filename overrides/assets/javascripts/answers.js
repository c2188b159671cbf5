/* Worksheet answers on participant pages (loaded by overrides/main.html). It loads nothing and
   sends nothing: answers never leave the browser.
   - Printing from the browser: what is typed in a box is copied into the ruled area under it
     (.cur-ruled), which is what print shows (docs/stylesheets/curriculum.css).
   - "Keep my answers on this device": off by default, as clinic computers are shared. When a
     reader turns it on, answers are kept in this browser's localStorage, under the page's path
     and the box's number; turning it off, or "Clear my answers", deletes them. Until then
     nothing at all is written to storage, not even the choice.
   The words are the page's: the .cur-answers box, written from the strings table. */
(function () {
  "use strict";
  var PREFIX = "cur-answers:";
  var KEEP = PREFIX + "keep";

  // A page opened from a folder, or a browser set to refuse storage, may throw here: then the
  // switch stays hidden. Only reads: trying a write would store something without the opt-in.
  function openStorage() {
    try {
      var store = window.localStorage;
      store.getItem(KEEP);
      return store;
    } catch (error) {
      return null;
    }
  }

  function keyOf(index) { return PREFIX + location.pathname + ":" + index; }

  function mirror(box) {
    var ruled = box.parentNode.querySelector(".cur-ruled");
    if (ruled) ruled.textContent = box.value;
  }

  // Every key this script wrote, on any page: turning the switch off leaves nothing behind.
  function forgetAll(store) {
    var keys = [], i;
    for (i = 0; i < store.length; i++) {
      if (store.key(i).indexOf(PREFIX) === 0) keys.push(store.key(i));
    }
    keys.forEach(function (key) { store.removeItem(key); });
  }

  function run() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".cur-writein textarea"));
    if (!boxes.length) return;
    // Text the browser put back itself (going back to the page) is mirrored too.
    boxes.forEach(mirror);
    window.addEventListener("beforeprint", function () { boxes.forEach(mirror); });

    var panel = document.querySelector(".cur-answers");
    var store = openStorage();
    var keep = panel && panel.querySelector("input[type=checkbox]");
    var status = panel && panel.querySelector(".cur-answers-status");

    function off() {
      keep.checked = false;
      try { forgetAll(store); } catch (error) { /* nothing more can be done */ }
    }

    function save(box, index) {
      if (!keep || !keep.checked) return;
      try {
        if (box.value) store.setItem(keyOf(index), box.value);
        else store.removeItem(keyOf(index));
      } catch (error) { // full, or refused after all: stop keeping, and say nothing is kept
        off();
        panel.hidden = true;
      }
    }

    boxes.forEach(function (box, index) {
      box.addEventListener("input", function () {
        mirror(box);
        save(box, index);
      });
    });
    if (!panel || !store) return;

    var first = boxes[0].closest(".admonition") || boxes[0].parentNode;
    first.parentNode.insertBefore(panel, first);
    keep.checked = store.getItem(KEEP) === "on";
    if (keep.checked) {
      boxes.forEach(function (box, index) {
        var kept = store.getItem(keyOf(index));
        if (kept !== null) {
          box.value = kept;
          mirror(box);
        }
      });
    }
    panel.hidden = false;

    keep.addEventListener("change", function () {
      status.textContent = "";
      if (!keep.checked) {
        off();
        status.textContent = status.getAttribute("data-cur-cleared");
        return;
      }
      try {
        store.setItem(KEEP, "on");
      } catch (error) {
        off();
        panel.hidden = true;
        return;
      }
      boxes.forEach(save);
    });

    panel.querySelector(".cur-answers-clear").addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.value = "";
        mirror(box);
      });
      off();
      status.textContent = status.getAttribute("data-cur-cleared");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
