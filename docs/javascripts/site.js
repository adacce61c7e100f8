/* Every page: names the theme's search dialog (axe « aria-dialog-name »), and lets keyboard
   users scroll a table that is still wider than the screen (focusable, named region). */
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Recherche sur le site"); }
  function scrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Tableau") + " (défilement horizontal)");
      }
    });
  }
  if (document.readyState === "complete") { scrollable(); } else { window.addEventListener("load", scrollable); }
})();
/* « Demander ce matériel »: without this script, the issue form pre-filled with the item; with
   it, the site's request form (« Emprunter »), which checks the dates, with the item ticked. */
(function () {
  "use strict";
  function lead() {
    Array.prototype.forEach.call(document.querySelectorAll("a.tna-demander[data-formulaire]"), function (button) {
      button.href = button.getAttribute("data-formulaire");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", lead); } else { lead(); }
})();
