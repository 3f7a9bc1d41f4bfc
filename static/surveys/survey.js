// The survey form's helpers. The form works without them.
//  - keeps the progress bar in step with the answers;
//  - clears a statement's error as soon as it is answered;
//  - keeps a draft of the answers in this browser only (localStorage, under a
//    name derived from the link, never the link itself), so that a reload, the
//    back button or a closed tab loses nothing. Nothing of a draft is ever
//    sent to the server before the rater presses "Send": a draft stored there
//    would tie answers to an invitation.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var total = parseInt(form.dataset.total, 10) || 0;
  var key = form.dataset.draftKey;
  var bar = document.getElementById("progress-bar");
  var meter = document.getElementById("progress");
  var count = document.getElementById("progress-count");
  var MAX_AGE_MS = 60 * 24 * 3600 * 1000;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function update() {
    var answered = 0;
    form.querySelectorAll("fieldset[data-item]").forEach(function (group) {
      if (group.querySelector("input[type=radio]:checked")) { answered += 1; }
    });
    var percent = total ? Math.round((100 * answered) / total) : 0;
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(answered));
    count.textContent = String(answered);
  }

  function clearError(group) {
    if (!group || !group.classList.contains("likert-invalid")) { return; }
    group.classList.remove("likert-invalid");
    group.removeAttribute("aria-describedby");
    var message = group.querySelector(".likert-error");
    if (message) { message.remove(); }
  }

  function collect() {
    var draft = { saved: Date.now(), answers: {}, comments: {} };
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      draft.answers[input.name] = input.value;
    });
    form.querySelectorAll("textarea").forEach(function (area) {
      if (area.value.trim()) { draft.comments[area.name] = area.value; }
    });
    return draft;
  }

  var timer = null;
  function save() {
    var store = storage();
    if (!store || !key) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      try { store.setItem(key, JSON.stringify(collect())); } catch (e) { /* full or off */ }
    }, 250);
  }

  function restore() {
    var store = storage();
    if (!store || !key) { return; }
    var raw = store.getItem(key);
    if (!raw) { return; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { store.removeItem(key); return; }
    if (!draft || Date.now() - (draft.saved || 0) > MAX_AGE_MS) { store.removeItem(key); return; }
    var restored = 0;
    Object.keys(draft.answers || {}).forEach(function (name) {
      var group = form.querySelectorAll("input[type=radio][name='" + CSS.escape(name) + "']");
      if (!group.length) { return; }
      var already = Array.prototype.some.call(group, function (i) { return i.checked; });
      if (already) { return; }  // what the page already shows wins
      Array.prototype.forEach.call(group, function (input) {
        if (input.value === draft.answers[name]) { input.checked = true; restored += 1; }
      });
    });
    Object.keys(draft.comments || {}).forEach(function (name) {
      var area = form.querySelector("textarea[name='" + CSS.escape(name) + "']");
      if (area && !area.value.trim()) { area.value = draft.comments[name]; restored += 1; }
    });
    if (restored) {
      var note = document.getElementById("draft-note");
      if (note) { note.classList.remove("d-none"); }
    }
  }

  var closeNote = document.getElementById("draft-note-close");
  if (closeNote) {
    closeNote.addEventListener("click", function () {
      document.getElementById("draft-note").classList.add("d-none");
    });
  }

  var discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      var store = storage();
      if (store && key) { store.removeItem(key); }
      form.reset();
      form.querySelectorAll("input[type=radio]").forEach(function (i) { i.checked = false; });
      form.querySelectorAll("textarea").forEach(function (a) { a.value = ""; });
      document.getElementById("draft-note").classList.add("d-none");
      update();
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { clearError(event.target.closest("fieldset[data-item]")); }
    update();
    save();
  });
  form.addEventListener("input", save);

  restore();
  update();

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
