/* The small map of a place page: one marker, the tile layer only when reseau.yaml gives one,
   and a sentence when tiles cannot load. */
(function () {
  "use strict";
  var element = document.getElementById("carte-lieu");
  var message = document.getElementById("carte-message");
  if (!element || typeof L === "undefined") { return; }
  var position = [parseFloat(element.getAttribute("data-lat")), parseFloat(element.getAttribute("data-lon"))];
  var map = L.map(element, { scrollWheelZoom: false, zoomControl: false }).setView(position, 14);
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  var tiles = element.getAttribute("data-tuiles");
  if (tiles) {
    var warned = false;
    L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "", maxZoom: 18 })
      .on("tileerror", function () {
        if (!warned && message) {
          warned = true;
          message.textContent = "Le fond de carte n'a pas pu être chargé : l'adresse du lieu est donnée plus haut.";
        }
      }).addTo(map);
  }
  var name = element.getAttribute("data-nom") || "";
  L.marker(position, { title: name, alt: name, keyboard: false }).addTo(map);
  element.setAttribute("data-marqueurs", "1");
})();
