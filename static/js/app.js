// Small behaviours, no inline scripts (the Content-Security-Policy allows only this file).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
