/* 吉林招商: small enhancements of our own. Every feature works without this script. */
(function () {
  "use strict";

  var LARGE_TYPE_COOKIE = "large_type";
  var FONT_SIZE_KEY = "jlsite.fontSize";
  var YEAR = 365 * 24 * 60 * 60;

  function setLargeType(on) {
    document.documentElement.classList.toggle("large-type", on);
    // The same cookie the no-script link sets, so the server renders the mode on the next page.
    document.cookie = LARGE_TYPE_COOKIE + "=" + (on ? "1" : "") + "; path=/; max-age=" +
      (on ? YEAR : 0) + "; samesite=lax";
  }

  function storedFontSize() {
    try { return window.localStorage.getItem(FONT_SIZE_KEY); } catch (e) { return null; }
  }

  function setFontSize(body, links, size) {
    body.classList.remove("fs-s", "fs-m", "fs-l");
    body.classList.add("fs-" + size);
    links.forEach(function (link) {
      if (link.getAttribute("data-font-size") === size) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    try { window.localStorage.setItem(FONT_SIZE_KEY, size); } catch (e) { /* private mode */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-large-type-toggle]").forEach(function (toggle) {
      toggle.addEventListener("click", function (event) {
        event.preventDefault();
        var on = !document.documentElement.classList.contains("large-type");
        setLargeType(on);
        toggle.textContent = toggle.getAttribute(on ? "data-on-text" : "data-off-text");
      });
    });

    var body = document.getElementById("article-body");
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-font-size]"));
    if (body && links.length) {
      var requested = new URLSearchParams(window.location.search).get("fs");
      var saved = storedFontSize();
      if (!requested && saved && /^[sml]$/.test(saved)) {
        setFontSize(body, links, saved);
      }
      links.forEach(function (link) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          setFontSize(body, links, link.getAttribute("data-font-size"));
        });
      });
    }

    // Browsers that cannot show a closed <details> by CSS open the filters where they stand
    // beside the results (site.css folds them on narrow screens only).
    if (window.CSS && !CSS.supports("selector(::details-content)") &&
        window.matchMedia("(min-width: 56rem)").matches) {
      document.querySelectorAll("details.filter-panel").forEach(function (panel) {
        panel.open = true;
      });
    }

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
