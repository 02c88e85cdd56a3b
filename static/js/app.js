// Small behaviours, no inline scripts (the Content-Security-Policy allows only this file).
// <button data-print> prints the page; <select data-autosubmit> sends its form when changed.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("change", function (event) {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.submit();
  }
});
