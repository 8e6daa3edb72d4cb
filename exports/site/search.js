// Filters the records of a page as one types. The page works without it.
(function () {
  var box = document.querySelector(".search");
  if (!box) { return; }
  box.hidden = false;
  var input = box.querySelector("input");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  var status = document.getElementById("search-status");
  input.addEventListener("input", function () {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var hay = item.getAttribute("data-search");
      var keep = words.every(function (w) { return hay.indexOf(w) >= 0; });
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    if (status) { status.textContent = shown + " / " + items.length; }
  });
})();
