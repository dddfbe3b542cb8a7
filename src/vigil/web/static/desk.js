/* The desk's little script: keyboard moves through the review queue (j/k, or arrows with Alt),
   and the focused item's actions: c confirms, e focuses the edit, r the reject reason.
   Every action is a plain form: without this script the desk works the same, by mouse. */
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".review-item"));
  if (!items.length) { return; }
  var current = 0;
  function select(index) {
    items[current].classList.remove("current");
    current = Math.max(0, Math.min(items.length - 1, index));
    items[current].classList.add("current");
    items[current].scrollIntoView({ block: "nearest" });
  }
  function typing(target) {
    return target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var item = items[current];
    var find = function (selector) { return item.querySelector(selector); };
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "c" && find("form[data-action=confirm]")) { find("form[data-action=confirm]").submit(); }
    else if (event.key === "e" && find("form[data-action=edit] select, form[data-action=edit] input")) {
      find("form[data-action=edit] select, form[data-action=edit] input").focus();
    }
    else if (event.key === "r" && find("form[data-action=reject] input[name=reason]")) {
      find("form[data-action=reject] input[name=reason]").focus();
    }
    else if (event.key === "o" && find("a.open")) { window.location = find("a.open").href; }
    else { return; }
    event.preventDefault();
  });
  select(0);
})();
