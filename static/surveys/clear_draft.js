// The answers were sent, or can no longer be: forget the draft kept in this browser.
(function () {
  "use strict";
  var marker = document.getElementById("clear-draft");
  if (!marker) { return; }
  try { window.localStorage.removeItem(marker.dataset.draftKey); } catch (e) { /* storage off */ }
})();
