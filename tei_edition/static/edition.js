/* tei-edition: optional enhancement. Everything is readable without it; it opens notes in place and keeps focus right. */
(function () {
  "use strict";
  var doc = document;

  // Following a note call or a back link moves keyboard focus to its target (the notes have tabindex="-1").
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && doc.getElementById(id);
    if (target && doc.activeElement !== target) {
      target.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", focusTarget);

  // The note opens in place (Popover API) on hover or keyboard focus of its call; a click still jumps to it.
  var supportsPopover = typeof HTMLElement !== "undefined" && HTMLElement.prototype.hasOwnProperty("popover");
  if (!supportsPopover) return;
  var pop = doc.createElement("div");
  pop.id = "note-popover";
  pop.setAttribute("popover", "manual");
  pop.setAttribute("role", "tooltip");
  doc.body.appendChild(pop);
  var hideTimer = null;

  function show(call) {
    var note = doc.getElementById(decodeURIComponent(call.getAttribute("href").slice(1)));
    if (!note) return;
    var body = note.querySelector(".note-body, .reading") ? note.cloneNode(true) : null;
    if (!body) return;
    body.removeAttribute("id");
    body.removeAttribute("tabindex");
    body.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    body.querySelectorAll(".backlink").forEach(function (el) { el.remove(); });
    pop.replaceChildren.apply(pop, Array.prototype.slice.call(body.childNodes));
    clearTimeout(hideTimer);
    if (!pop.matches(":popover-open")) pop.showPopover();
    var box = call.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    pop.style.position = "fixed";
    pop.style.left = left + "px";
    pop.style.top = Math.min(box.bottom + 6, window.innerHeight - pop.offsetHeight - 8) + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (pop.matches(":popover-open")) pop.hidePopover();
    }, 200);
  }

  doc.querySelectorAll("a.noteref, a.appref").forEach(function (call) {
    call.addEventListener("mouseenter", function () { show(call); });
    call.addEventListener("focus", function () { show(call); });
    call.addEventListener("mouseleave", hideSoon);
    call.addEventListener("blur", hideSoon);
    call.addEventListener("click", function () { if (pop.matches(":popover-open")) pop.hidePopover(); });
  });
  pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  pop.addEventListener("mouseleave", hideSoon);
  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && pop.matches(":popover-open")) pop.hidePopover();
  });
})();
