// Keeps an import job's progress bar current; reloads the page when the job changes state.
(function () {
  var page = document.querySelector(".import-job[data-progress-url]");
  if (!page) return;
  var url = page.getAttribute("data-progress-url");
  var state = page.getAttribute("data-state");
  function set(name, value) {
    var element = page.querySelector('[data-field="' + name + '"]');
    if (element && value !== null && value !== undefined) element.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (news) {
        if (news.state !== state || news.stale) { window.location.reload(); return; }
        var bar = page.querySelector("progress");
        if (bar) { bar.value = news.percent; bar.textContent = news.percent + "%"; }
        set("done", news.done); set("total", news.total || "?");
        set("elapsed", news.elapsed); set("eta", news.eta);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
