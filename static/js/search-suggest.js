/* Site search: suggestions under the header box while typing (/search/suggest/).
   The box submits to /search/ without this script; this only adds a list to pick from. */
(function () {
  "use strict";

  var DELAY = 200;

  function setUp(form) {
    var input = form.querySelector('input[name="q"]');
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) { return; }
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var timer = null;
    var active = -1;
    var latest = "";

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(text) {
      input.value = text;
      close();
      form.submit();
    }

    function show(titles) {
      list.textContent = "";
      active = -1;
      titles.forEach(function (title, index) {
        var item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.textContent = title;  /* text, never markup */
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(title);
        });
        list.appendChild(item);
      });
      list.hidden = titles.length === 0;
      input.setAttribute("aria-expanded", titles.length ? "true" : "false");
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      latest = query;
      if (!query) { close(); return; }
      window.fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (titles) { if (query === latest) { show(titles || []); } })
        .catch(close);
    }

    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      if (active >= 0) { items[active].setAttribute("aria-selected", "false"); }
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("li")[active].textContent);
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
  });
})();
