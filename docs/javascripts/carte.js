/* Map of the places with Leaflet and Leaflet.markercluster (copied from node_modules at build
   time, never a CDN). Markers come from the open-data GeoJSON of this site; the tile layer is
   added only when reseau.yaml gives a tile URL (site.tuiles), so an empty URL requests nothing.
   When tiles cannot load, a sentence says so under the map. */
(function () {
  "use strict";
  var element = document.getElementById("carte-lieux");
  var message = document.getElementById("carte-message");
  if (!element || typeof L === "undefined") { return; }
  var tiles = element.getAttribute("data-tuiles");
  var root = new URL(element.getAttribute("data-racine") || "./", window.location.href);
  var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, maxZoom: 18 });
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  if (tiles) {
    var failed = 0;
    L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "", maxZoom: 18 })
      .on("tileerror", function () {
        failed += 1;
        if (failed === 1 && message) {
          message.textContent = "Le fond de carte n'a pas pu être chargé (pas de connexion au serveur de tuiles) : " +
            "les repères des lieux restent affichés, et la liste des lieux donne les mêmes informations.";
        }
      }).addTo(map);
  }

  var markers = {};
  var layer = null;
  var cluster = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }) : L.layerGroup();

  // The ids of the places on the map, for tests and tools (clustered markers have no element).
  function report() {
    element.setAttribute("data-lieux-affiches", cluster.getLayers().map(function (marker) {
      return marker.tnaId;
    }).sort().join(" "));
  }

  // Keep the map in step with the list's filters (lieux.js sends the rows).
  var pending = null;
  document.addEventListener("tna:lieux-filtres", function (event) {
    pending = event.detail.rows;
    if (!layer) { return; }
    pending.forEach(function (row) {
      var marker = markers[row.getAttribute("data-id")];
      if (!marker) { return; }
      if (row.hidden && cluster.hasLayer(marker)) { cluster.removeLayer(marker); }
      if (!row.hidden && !cluster.hasLayer(marker)) { cluster.addLayer(marker); }
    });
    report();
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
          // keyboard: false — keyboard and screen-reader users have the list, which holds the
          // same places and links; markers stay clickable with a pointer.
          var marker = L.marker(latlng, { title: feature.properties.nom, alt: feature.properties.nom,
                                          keyboard: false });
          marker.tnaId = feature.properties.id;
          markers[feature.properties.id] = marker;
          return marker;
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      });
      var bounds = layer.getBounds();  // the view first: a cluster group needs a zoom level
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }
      else { map.setView([49.1, -1.1], 8); }
      layer.eachLayer(function (marker) { cluster.addLayer(marker); });
      cluster.addTo(map);
      if (pending) {
        pending.forEach(function (row) {
          var marker = markers[row.getAttribute("data-id")];
          if (marker && row.hidden) { cluster.removeLayer(marker); }
        });
      }
      report();
      element.setAttribute("data-marqueurs", String(layer.getLayers().length));
      document.dispatchEvent(new CustomEvent("tna:carte-prete"));
    })
    .catch(function (error) {
      if (window.console) { window.console.error("Carte des lieux : " + error); }
      element.textContent = "La carte n'a pas pu être chargée : la liste des lieux donne les mêmes informations.";
    });
})();
