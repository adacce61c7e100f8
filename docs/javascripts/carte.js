/* Map of the places with Leaflet (copied from node_modules at build time, never a CDN).
   Markers come from the open-data GeoJSON of this site; the tile layer is added only
   when reseau.yaml gives a tile URL (site.tuiles), so an empty URL requests nothing. */
(function () {
  "use strict";
  var element = document.getElementById("carte-lieux");
  if (!element || typeof L === "undefined") { return; }
  var tiles = element.getAttribute("data-tuiles");
  var root = new URL(element.getAttribute("data-racine") || "./", window.location.href);
  var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  if (tiles) {
    L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "", maxZoom: 18 }).addTo(map);
  }

  var markers = {};
  var layer = null;

  // Keep the map in step with the table's filters (lieux.js sends the rows).
  document.addEventListener("tna:lieux-filtres", function (event) {
    if (!layer) { return; }
    event.detail.rows.forEach(function (row) {
      var marker = markers[row.getAttribute("data-id")];
      if (!marker) { return; }
      if (row.hidden && layer.hasLayer(marker)) { layer.removeLayer(marker); }
      if (!row.hidden && !layer.hasLayer(marker)) { layer.addLayer(marker); }
    });
  });

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = new URL(properties.url, root).href;
    link.textContent = properties.nom;
    box.appendChild(link);
    var commune = document.createElement("p");
    commune.textContent = properties.commune;
    box.appendChild(commune);
    return box;
  }

  fetch(element.getAttribute("data-geojson"))
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          // keyboard: false — keyboard and screen-reader users have the table, which holds the
          // same places and links; markers stay clickable with a pointer.
          var marker = L.marker(latlng, { title: feature.properties.nom, alt: feature.properties.nom,
                                          keyboard: false });
          markers[feature.properties.id] = marker;
          return marker;
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }
      else { map.setView([49.1, -1.1], 8); }
      element.setAttribute("data-marqueurs", String(layer.getLayers().length));
    })
    .catch(function () {
      element.textContent = "La carte n'a pas pu être chargée : le tableau des lieux donne les mêmes informations.";
    });
})();
