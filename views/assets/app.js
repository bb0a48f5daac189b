// Copy buttons: <button data-copy-target="element-id">Copy</button>. No inline script anywhere (CSP).
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-copy-target]") : null;
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-copy-target"));
  if (!target) return;
  var text = "value" in target ? target.value : target.textContent;
  var done = function () {
    var label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(target); done(); });
  } else {
    fallbackCopy(target);
    done();
  }
});

function fallbackCopy(target) {
  if (typeof target.select === "function") {
    target.select();
    document.execCommand("copy");
  }
}

// Confirmations for destructive forms: <form data-confirm="Delete this account?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Auto-submitting forms (the SAML POST binding): <form data-auto-submit>.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-auto-submit]");
  if (form) form.submit();
});
