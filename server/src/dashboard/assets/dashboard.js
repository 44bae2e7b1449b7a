// The community desk's few scripts: waiting for a phone to approve the sign-in, live updates
// from /dashboard/events, and confirmations. Every page works as plain HTML without them, except
// live updates and the sign-in wait.
"use strict";

(function () {
  function $(id) { return document.getElementById(id); }

  // Sign-in: ask every second whether the phone has approved the code.
  var pairing = $("pairing-state");
  if (pairing) {
    var timer = setInterval(function () {
      fetch("/dashboard/signin/status", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.state === "approved") {
            clearInterval(timer);
            location.href = "/dashboard/now";
          } else if (s.state === "refused" || s.state === "expired") {
            clearInterval(timer);
            pairing.textContent = pairing.dataset[s.state];
            pairing.className = "error";
            $("pairing-again").hidden = false;
          }
        })
        .catch(function () {});
    }, 1000);
  }

  // Live: a page with data-events follows the stream; a list with data-src is fetched again.
  var live = document.querySelector("[data-events]");
  if (live && window.EventSource) {
    var badge = $("live-state");
    var busy = false, again = false;
    var refresh = function () {
      if (!live.dataset.src) { location.reload(); return; }
      if (busy) { again = true; return; }
      busy = true;
      fetch(live.dataset.src, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          if (r.redirected || r.status === 401) { location.href = "/dashboard/signin"; return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (html) { if (html !== null && html !== undefined) { live.innerHTML = html; } })
        .catch(function () {})
        .then(function () { busy = false; if (again) { again = false; refresh(); } });
    };
    var show = function (on) {
      if (!badge) { return; }
      badge.textContent = on ? badge.dataset.live : badge.dataset.offline;
      badge.className = "live " + (on ? "on" : "off");
    };
    var source = new EventSource(live.dataset.events);
    source.addEventListener("hello", function () { show(true); });
    var kinds = (live.dataset.reload || "").split(" ").filter(Boolean);
    source.addEventListener("change", function (e) {
      var general = e.data === "access" || e.data === "resync";
      if (kinds.length && !general && kinds.indexOf(e.data) < 0) { return; }
      refresh();
    });
    source.addEventListener("signedout", function () { source.close(); location.href = "/dashboard/signin"; });
    source.onerror = function () { show(false); };
    source.onopen = function () { show(true); };
    if (live.dataset.src) { setInterval(refresh, 15000); }
  }

  // Forms that ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!confirm(f.dataset.confirm)) { e.preventDefault(); }
    });
  });
})();
