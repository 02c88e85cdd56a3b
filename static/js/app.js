// The little the pages do in the browser, kept in a file so the Content-Security-Policy can refuse inline script.
// <button data-action="print"> prints the page; <select data-autosubmit> sends its form when changed.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-action=print]")) {
    window.print();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.submit();
  }
});
