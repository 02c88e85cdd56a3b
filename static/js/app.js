// Small behaviours, no inline scripts (the Content-Security-Policy allows only files like this one).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// "Chọn tất cả": a checkbox with data-select-all="FORM" ticks every figure checkbox of that form on the page.
document.addEventListener("change", function (event) {
  var box = event.target.closest("[data-select-all]");
  if (!box) {
    return;
  }
  var form = box.getAttribute("data-select-all");
  var name = box.getAttribute("data-select-name") || "value"; // the checkboxes' name: figures, or activity reports
  document.querySelectorAll('input[type=checkbox][name="' + name + '"][form="' + form + '"]').forEach(function (item) {
    item.checked = box.checked;
  });
  document.querySelectorAll('[data-select-all="' + form + '"]').forEach(function (other) {
    other.checked = box.checked;
  });
});
