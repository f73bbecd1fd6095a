// Progressive enhancement only: every page works without this file.
// On a page with form errors, move focus to the error summary so screen readers read it first.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
