/* « Copier l'adresse » of a calendar subscription. Without this script the button stays
   hidden and the address can be selected in its read-only field. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copier]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copier"));
    var status = button.parentNode.querySelector('[role="status"]');
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(text) { if (status) { status.textContent = text; } }
      function fallback() {
        field.select();
        try { done(document.execCommand("copy") ? "Adresse copiée." : "Sélectionnez l'adresse et copiez-la."); }
        catch (error) { done("Sélectionnez l'adresse et copiez-la."); }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done("Adresse copiée."); }, fallback);
      } else { fallback(); }
    });
  });
})();
