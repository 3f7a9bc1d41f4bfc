// Printing the report prints every section: open the statement tables first.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.report-details").forEach(function (d) { d.open = true; });
});
