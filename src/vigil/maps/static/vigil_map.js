/* Vigil's map: draws every <script type="application/json" class="vigil-map-data"> block on the
   page into the element it names (data-map). Everything it draws comes from that block: no tile,
   font or image is fetched, so the map reads the same offline.

   Layers, bottom to top: the 1:110m overview (land, whose outline is the coast, and country
   borders); the detailed tiles near the points, from zoom DETAIL_ZOOM (each tile's own sea hides
   the overview under it); place labels; incident markers, clustered. When some incidents lie
   outside the first view, an inset shows them all and a button switches views.

   window.VigilMap.draw(element, data) draws one map (for pages that add maps later);
   window.VigilMap.maps[id] holds each drawn map's Leaflet objects. */
(function () {
  "use strict";
  if (!window.L) { return; }

  var DETAIL_ZOOM = 5;
  var TEXT_OFFSET = 8;  // px from a place's dot to its name (as in vigil_map.css)
  var GAP = 3;          // px kept clear around each label
  var COLOURS = { sea: "#dbe7ef", land: "#f5f2ea", coast: "#7f9bb0", country: "#6e6259", province: "#a89c90" };

  function decodeLine(flat, scale) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      x += flat[i]; y += flat[i + 1];
      out.push([y / scale, x / scale]);
    }
    return out;
  }

  function decodePolygons(polygons, scale) {
    return polygons.map(function (rings) {
      return rings.map(function (ring) { return decodeLine(ring, scale); });
    });
  }

  function tileSea(key, size) {
    var corner = key.split(",").map(Number);  // west, south
    var w = corner[0], s = corner[1];
    return [[[s, w], [s + size, w], [s + size, w + size], [s, w + size]]];
  }

  function overviewLayer(overview, renderer) {
    var scale = overview.scale;
    return L.layerGroup([
      L.polygon(decodePolygons(overview.land, scale), {
        renderer: renderer, interactive: false, className: "vigil-land vigil-overview",
        color: COLOURS.coast, weight: 0.8, fillColor: COLOURS.land, fillOpacity: 1
      }),
      L.polyline(overview.country.map(function (l) { return decodeLine(l, scale); }), {
        renderer: renderer, interactive: false, className: "vigil-country vigil-overview",
        color: COLOURS.country, weight: 0.8, opacity: 0.8
      })
    ]);
  }

  function detailLayer(tiles, size, renderer) {
    // One path per layer across all tiles.
    var sea = [], land = [], lake = [], coast = [], country = [], province = [];
    Object.keys(tiles).forEach(function (key) {
      var tile = tiles[key], scale = tile.scale;
      sea.push(tileSea(key, size));
      function lines(name, into) {
        (tile[name] || []).forEach(function (l) { into.push(decodeLine(l, scale)); });
      }
      function polygons(name, into) {
        decodePolygons(tile[name] || [], scale).forEach(function (p) { into.push(p); });
      }
      polygons("land", land); polygons("lake", lake);
      lines("coast", coast); lines("country", country); lines("province", province);
    });
    var group = L.layerGroup();
    if (!sea.length) { return group; }
    var base = { renderer: renderer, interactive: false };
    // Sea and land are outlined in their own colour: anti-aliasing would otherwise leave a
    // hairline where two tiles meet.
    group.addLayer(L.polygon(sea, L.extend({ className: "vigil-sea", color: COLOURS.sea, weight: 1, fillColor: COLOURS.sea, fillOpacity: 1 }, base)));
    if (land.length) {
      group.addLayer(L.polygon(land, L.extend({ className: "vigil-land", color: COLOURS.land, weight: 1, fillColor: COLOURS.land, fillOpacity: 1 }, base)));
    }
    if (lake.length) {
      group.addLayer(L.polygon(lake, L.extend({ className: "vigil-lake", color: COLOURS.coast, weight: 0.8, fillColor: COLOURS.sea, fillOpacity: 1 }, base)));
    }
    if (province.length) {
      group.addLayer(L.polyline(province, L.extend({ className: "vigil-province", color: COLOURS.province, weight: 1, dashArray: "4 3" }, base)));
    }
    if (coast.length) {
      group.addLayer(L.polyline(coast, L.extend({ className: "vigil-coast", color: COLOURS.coast, weight: 1 }, base)));
    }
    if (country.length) {
      group.addLayer(L.polyline(country, L.extend({ className: "vigil-country", color: COLOURS.country, weight: 1.3, opacity: 0.9 }, base)));
    }
    return group;
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  /* Place labels: drawn in their given order (most important first); one that would overlap a
     label already drawn, or fall outside the map, is hidden until the view changes. */
  function labelLayer(map, labels) {
    var items = labels.map(function (label) {
      var html = label.kind === "place"
        ? '<span class="vigil-label-dot"></span><span class="vigil-label-text">' + escapeText(label.name) + "</span>"
        : '<span class="vigil-label-text">' + escapeText(label.name) + "</span>";
      var marker = L.marker([label.lat, label.lon], {
        pane: "vigilLabels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "vigil-label vigil-label-" + label.kind, html: html, iconSize: null })
      });
      return { label: label, marker: marker, width: 0, height: 0 };
    });
    var group = L.layerGroup(items.map(function (item) { return item.marker; })).addTo(map);
    items.forEach(function (item) {  // measured once, while all are shown
      var text = item.marker.getElement().querySelector(".vigil-label-text");
      item.width = text.offsetWidth;
      item.height = text.offsetHeight;
    });

    /* Obstacles: the controls (zoom buttons, inset, view switch, credits), and the incident
       markers and clusters, less a small margin so that a place's name may start right beside
       the marker standing on it. */
    function obstacles() {
      var origin = map.getContainer().getBoundingClientRect();
      function box(el, inset) {
        var r = el.getBoundingClientRect();
        return { x0: r.left - origin.left + inset, y0: r.top - origin.top + inset,
                 x1: r.right - origin.left - inset, y1: r.bottom - origin.top - inset, gap: 0 };
      }
      var found = Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (el) {
        return box(el, 0);
      });
      Array.prototype.forEach.call(map.getPane("markerPane").querySelectorAll(".leaflet-marker-icon"), function (el) {
        found.push(box(el, 4));
      });
      return found;
    }

    function place() {
      var zoom = map.getZoom(), size = map.getSize(), drawn = obstacles();
      items.forEach(function (item) {
        var label = item.label, show = zoom >= label.min_zoom && zoom <= label.max_zoom, box = null;
        if (show) {
          var p = map.latLngToContainerPoint([label.lat, label.lon]);
          box = label.kind === "place"
            ? { x0: p.x + TEXT_OFFSET, y0: p.y - item.height / 2, x1: p.x + TEXT_OFFSET + item.width, y1: p.y + item.height / 2, gap: GAP }
            : { x0: p.x - item.width / 2, y0: p.y - item.height / 2, x1: p.x + item.width / 2, y1: p.y + item.height / 2, gap: GAP };
          show = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= size.x && box.y1 <= size.y &&
            !drawn.some(function (o) { return box.x0 < o.x1 + o.gap && o.x0 < box.x1 + o.gap && box.y0 < o.y1 + o.gap && o.y0 < box.y1 + o.gap; });
        }
        var element = item.marker.getElement();
        if (!element) { return; }  // the label layer was taken off the map
        if (show) { drawn.push(box); }
        element.style.display = show ? "" : "none";
        item.shown = show;
      });
    }
    map.on("moveend", place);
    place();
    return { group: group, items: items, place: place };
  }

  function markerIcon(point) {
    var d = Math.round(12 + Math.min(Math.sqrt(point.size || 0), 10) * 2);
    return L.divIcon({ className: "vigil-incident", iconSize: [d, d], html: "" });
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var d = count < 10 ? 30 : count < 100 ? 38 : 46;
    return L.divIcon({
      className: "vigil-cluster", iconSize: [d, d],
      html: "<span>" + count + "</span>"
    });
  }

  function markers(map, points) {
    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 36, spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon, animate: false
    });
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { icon: markerIcon(point), title: point.title || "", riseOnHover: true });
      if (point.popup) { marker.bindPopup(point.popup); }  // built and escaped by the page's builder
      marker.vigilId = point.id;
      clusters.addLayer(marker);
    });
    return clusters.addTo(map);
  }

  /* The inset: the whole world of the map's points at a glance, with the main view outlined;
     a click on it shows that place in the main map. */
  function addInset(map, data) {
    var Inset = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "vigil-inset");
        div.title = "All incidents: click a place to show it";
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    var control = new Inset().addTo(map);
    var inset = L.map(control.getContainer(), {
      zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.25
    });
    inset.getContainer().style.background = COLOURS.sea;
    overviewLayer(data.basemap.overview, L.svg({ padding: 0.2 })).addTo(inset);
    data.points.forEach(function (point) {
      L.circleMarker([point.lat, point.lon], {
        radius: 2.5, className: "vigil-inset-point", color: "#7a1f1f", weight: 1, fillColor: "#c0392b", fillOpacity: 0.9,
        interactive: false
      }).addTo(inset);
    });
    inset.fitBounds(data.all, { padding: [6, 6], maxZoom: 6 });
    var frame = L.rectangle(map.getBounds(), { className: "vigil-inset-view", color: "#222", weight: 1, fill: false, interactive: false }).addTo(inset);
    map.on("moveend", function () { frame.setBounds(map.getBounds()); });
    inset.on("click", function (event) { map.setView(event.latlng, Math.max(map.getZoom(), DETAIL_ZOOM + 1)); });
    return inset;
  }

  function addViewSwitch(map, data) {
    var Switch = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "vigil-view-switch");
        button.type = "button";
        var showingAll = false;
        function label() {
          button.textContent = showingAll ? "Back to where most are" : "Show all " + data.points.length + " incidents";
        }
        label();
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          showingAll = !showingAll;
          map.fitBounds(showingAll ? data.all : data.focus, { maxZoom: 12 });
          label();
        });
        return button;
      }
    });
    return new Switch().addTo(map);
  }

  /* Paper is narrower than the screen: when the page is printed (or shown as print), the map
     takes its new size and shows the same area the reader was looking at. */
  function keepViewWhenPrinted(map) {
    var onScreen = null;  // the area shown on screen, while printing
    function toPaper() {
      if (!onScreen) { onScreen = map.getBounds(); }  // the size Leaflet knows is still the screen's
      map.invalidateSize({ animate: false });
      map.fitBounds(onScreen, { animate: false });
    }
    function toScreen() {
      if (!onScreen) { return; }
      var bounds = onScreen;
      onScreen = null;
      map.invalidateSize({ animate: false });
      map.fitBounds(bounds, { animate: false });
    }
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      var onChange = function () { if (print.matches) { toPaper(); } else { toScreen(); } };
      if (print.addEventListener) { print.addEventListener("change", onChange); } else if (print.addListener) { print.addListener(onChange); }
    }
    window.addEventListener("beforeprint", toPaper);
    window.addEventListener("afterprint", toScreen);
  }

  function draw(container, data) {
    var map = L.map(container, { scrollWheelZoom: false, zoomSnap: 0.5, minZoom: 1, maxZoom: 18 });
    container.style.background = COLOURS.sea;
    map.attributionControl.addAttribution(escapeText(data.attribution));
    [["vigilOverview", 210], ["vigilDetail", 220], ["vigilLabels", 450]].forEach(function (pane) {
      map.createPane(pane[0]).style.zIndex = pane[1];
    });
    map.getPane("vigilLabels").style.pointerEvents = "none";
    overviewLayer(data.basemap.overview, L.svg({ pane: "vigilOverview" })).addTo(map);
    var detail = detailLayer(data.basemap.tiles, data.basemap.tile_degrees, L.svg({ pane: "vigilDetail", padding: 0.5 }));
    function showDetail() {
      if (map.getZoom() >= DETAIL_ZOOM) { detail.addTo(map); } else { map.removeLayer(detail); }
    }
    map.on("zoomend", showDetail);

    if (data.focus) {
      map.fitBounds(data.focus, { padding: [12, 12], maxZoom: 12 });
    } else {
      map.setView([25, 45], 2);
    }
    showDetail();
    var clusters = markers(map, data.points);
    var inset = null;
    if (data.outliers > 0) {
      addViewSwitch(map, data);
      inset = addInset(map, data);
    }
    var labels = labelLayer(map, data.labels || []);
    keepViewWhenPrinted(map);
    var drawn = { map: map, clusters: clusters, detail: detail, labels: labels, inset: inset };
    window.VigilMap.maps[container.id] = drawn;
    container.setAttribute("data-map-ready", "true");
    return drawn;
  }

  window.VigilMap = { draw: draw, maps: {} };
  var blocks = document.querySelectorAll("script.vigil-map-data");
  Array.prototype.forEach.call(blocks, function (block) {
    var container = document.getElementById(block.getAttribute("data-map"));
    if (container) { draw(container, JSON.parse(block.textContent)); }
  });
  document.body.setAttribute("data-map-ready", "true");
})();
