// After a rejected submission, move focus to the error summary at the top of
// the form, so a phone user sees at once that something needs correcting
// and screen readers announce it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
