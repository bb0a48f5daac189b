// Entra simulator pages. Loaded as an external script (the Content-Security-Policy allows no inline
// script): submits forms marked data-auto-submit, and wires the Copy buttons.
(function () {
  "use strict";

  function autoSubmit() {
    var forms = document.querySelectorAll("form[data-auto-submit]");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (form.getAttribute("data-submitted") === "true") {
        continue;
      }
      form.setAttribute("data-submitted", "true");
      form.submit();
    }
  }

  function copyText(text, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.classList.add("es-copied");
      window.setTimeout(function () {
        button.textContent = label;
        button.classList.remove("es-copied");
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {
        fallbackCopy(text) && done();
      });
    } else if (fallbackCopy(text)) {
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "es-offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function wireCopyButtons() {
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) {
        return;
      }
      var button = target.closest("[data-copy-from]");
      if (!button) {
        return;
      }
      var source = document.getElementById(button.getAttribute("data-copy-from") || "");
      if (source && "value" in source) {
        source.select();
        copyText(source.value, button);
      }
    });
  }

  function start() {
    wireCopyButtons();
    autoSubmit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
