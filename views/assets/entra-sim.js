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

  // Certificate uploads (Verification certificates, Token encryption): the picked .cer is read here
  // into the text box, so the server only ever takes text. A Base64 .cer goes in as it is; a binary
  // (DER) .cer is turned into Base64 first.
  function wireCertificateFiles() {
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.readInto) {
        return;
      }
      var target = document.getElementById(input.dataset.readInto);
      var file = input.files && input.files[0];
      if (!target || !file) {
        return;
      }
      if (file.size > 16 * 1024) {
        window.alert("This file is larger than 16 KB; a certificate (.cer) is 1 to 2 KB.");
        input.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var bytes = new Uint8Array(reader.result);
        var text = new TextDecoder("utf-8").decode(bytes);
        if (text.indexOf("-----BEGIN") < 0 && bytes.length > 0 && bytes[0] === 0x30) {
          var binary = "";
          for (var i = 0; i < bytes.length; i++) {
            binary += String.fromCharCode(bytes[i]);
          }
          text = window.btoa(binary);
        }
        target.value = text;
      };
      reader.readAsArrayBuffer(file);
    });
  }

  function start() {
    wireCertificateFiles();
    wireCopyButtons();
    autoSubmit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
