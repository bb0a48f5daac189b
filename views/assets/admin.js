// Operator console helpers. No inline script anywhere (CSP: script-src 'self').

// "Import Federation Metadata XML": a chosen file is read here into the paste box, so the file never
// needs a multipart upload; the server only ever sees the text. Works the same with or without a BOM.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.readInto) return;
  var target = document.getElementById(input.dataset.readInto);
  var file = input.files && input.files[0];
  if (!target || !file) return;
  if (file.size > 512 * 1024) {
    window.alert("This file is larger than 512 KB; a Federation Metadata XML is a few KB.");
    input.value = "";
    return;
  }
  var reader = new FileReader();
  reader.onload = function () {
    target.value = String(reader.result || "");
    target.dispatchEvent(new Event("input", { bubbles: true }));
  };
  reader.readAsText(file);
});
