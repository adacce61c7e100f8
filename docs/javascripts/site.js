/* Every page: names the search dialog of the theme (axe « aria-dialog-name »). */
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Recherche sur le site"); }
})();
