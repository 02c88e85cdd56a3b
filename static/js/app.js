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

// A link to a folded section (<details id=…>, such as an activity on the entry page) opens it.
function openTarget() {
  var id = decodeURIComponent(window.location.hash.slice(1));
  var target = id && document.getElementById(id);
  if (target && target.tagName === "DETAILS") {
    target.open = true;
  }
}
document.addEventListener("DOMContentLoaded", openTarget);
window.addEventListener("hashchange", openTarget);
