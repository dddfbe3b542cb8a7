/* The report's map. Incidents are circle markers (SVG paths, no images). Map tiles load when the
   reader is online; until a tile arrives, and when none can, gazetteer outline points sketch the
   area so the incidents still sit among named places. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("vigil-map-data").textContent);
  var status = document.getElementById("map-status");
  var container = document.getElementById("map");
  if (!window.L || !container) { return; }
  var map = L.map(container, { scrollWheelZoom: false, attributionControl: true });

  var outline = L.layerGroup();
  data.outline.forEach(function (place) {
    var dot = L.circleMarker([place.lat, place.lon], {
      radius: place.level === "province" ? 4 : 2.5, className: "vigil-outline", color: "#7a8794",
      weight: 1, fillColor: "#9aa6b2", fillOpacity: 0.7, interactive: true
    }).bindTooltip(place.name, place.label ? { permanent: true, direction: "right", className: "place-label" } : {});
    outline.addLayer(dot);
  });
  outline.addTo(map);

  var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
  });
  var online = false;
  tiles.on("tileload", function () {
    if (online) { return; }
    online = true;
    map.removeLayer(outline);
    document.body.setAttribute("data-map-tiles", "online");
    if (status) { status.textContent = "Map tiles: OpenStreetMap."; }
  });
  tiles.on("tileerror", function () {
    if (online) { return; }
    document.body.setAttribute("data-map-tiles", "offline");
    if (status) { status.textContent = "Offline: grey dots are gazetteer places, not map tiles."; }
  });
  tiles.addTo(map);

  var incidents = L.featureGroup();
  data.incidents.forEach(function (incident) {
    var marker = L.circleMarker([incident.lat, incident.lon], {
      radius: 5 + Math.min(Math.sqrt(incident.fatalities), 12), className: "vigil-incident",
      color: "#5a1010", weight: 1.5, fillColor: "#c0392b", fillOpacity: 0.65
    });
    marker.bindPopup(incident.popup);  // built and escaped by the report builder
    incidents.addLayer(marker);
  });
  incidents.addTo(map);

  if (data.incidents.length) {
    map.fitBounds(incidents.getBounds().pad(0.2), { maxZoom: 12 });
  } else {
    map.setView([30, 70], 4);
  }
  document.body.setAttribute("data-map-ready", "true");
})();
