// Keeps the progress bar in step with the answers. The form works without it.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var total = parseInt(form.dataset.total, 10) || 0;
  var bar = document.getElementById("progress-bar");
  var meter = document.getElementById("progress");
  var count = document.getElementById("progress-count");

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

  form.addEventListener("change", update);
  update();

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
