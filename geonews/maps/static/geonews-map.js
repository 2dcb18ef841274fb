/* geonews map page: place layers, popups, document view, region browser and place search.
 *
 * Everything is built from one JSON payload (see geonews/maps/payload.py). Article text, titles
 * and place names are untrusted: they enter the page only as DOM text (textContent, text nodes),
 * never as HTML, except the LayerControl labels, which Leaflet inserts as HTML and which are
 * escaped with escapeHtml first.
 *
 * Filters (place layers, article groups, region, time range, minimum confidence) all act
 * through mentionVisible(); refresh() recounts markers, popups, region counts and the article
 * list from it. The view (region, article, mention, time range, filters, zoom) lives in the
 * URL hash (viewState), so a link reopens the same view.
 */
(function () {
  'use strict';

  var MAX_POPUP_MENTIONS = 50;
  var MAX_LIST = 60;
  var SENTENCE_CONTEXT = 220;
  var RAMP = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined) { return; }
      if (key === 'text') { node.textContent = String(value); }
      else if (key === 'class') { node.className = value; }
      else { node.setAttribute(key, String(value)); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[ch];
    });
  }

  function fold(text) {
    return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function rampColour(count, max) {
    if (!count) { return '#f7f7f7'; }
    var k = max > 1 ? Math.floor(Math.log(count) / Math.log(max + 1) * RAMP.length) : RAMP.length - 1;
    return RAMP[Math.max(0, Math.min(RAMP.length - 1, k))];
  }

  function radius(count) { return Math.min(28, 5 + 3 * Math.sqrt(count)); }

  // ---- time: dates, histogram bins ----------------------------------------------------------
  var DAY = 86400000;
  var WEEKLY_AFTER_DAYS = 120;
  function dayNumber(iso) { return iso ? Math.floor(Date.parse(iso + 'T00:00:00Z') / DAY) : null; }
  function isoOfDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  // The timeline of the documents: bins of days (weeks from Monday over a long span) with
  // their mapped mention counts, each document's bin (-1: undated); null when none is dated.
  function timeline(docs, docMentions, mentions) {
    var days = docs.map(function (d) { return dayNumber(d.date); });
    var first = null, last = null;
    days.forEach(function (n) {
      if (n === null) { return; }
      first = first === null ? n : Math.min(first, n);
      last = last === null ? n : Math.max(last, n);
    });
    if (first === null) { return null; }
    var width = last - first > WEEKLY_AFTER_DAYS ? 7 : 1;
    if (width === 7) { first -= ((first + 3) % 7 + 7) % 7; }  // day 0, 1970-01-01, was a Thursday
    var bins = [];
    for (var k = 0; k * width <= last - first; k++) {
      bins.push({from: first + k * width, to: first + (k + 1) * width - 1, mentions: 0});
    }
    var undated = {docs: 0, mentions: 0};
    var docBin = days.map(function (n, d) {
      var mapped = docMentions[d].filter(function (k) { return mentions[k].place >= 0; }).length;
      if (n === null) { undated.docs += 1; undated.mentions += mapped; return -1; }
      var b = Math.floor((n - first) / width);
      bins[b].mentions += mapped;
      return b;
    });
    return {bins: bins, docBin: docBin, unit: width === 7 ? 'week' : 'day', undated: undated};
  }

  function binOfDate(time, iso, end) {
    var n = dayNumber(iso);
    if (n === null || isNaN(n)) { return end ? time.bins.length - 1 : 0; }
    for (var b = 0; b < time.bins.length; b++) { if (n <= time.bins[b].to) { return b; } }
    return time.bins.length - 1;
  }

  window.geonewsMapInit = function (map, baseLayer, baseName, data) {
    var view = data.view || {};
    var docs = data.docs;
    var places = data.places.map(function (row) {  // arrays in data.placeKeys order
      var place = {};
      data.placeKeys.forEach(function (key, j) { place[key] = row[j]; });
      return place;
    });
    var categories = {};
    data.categories.forEach(function (c) { categories[c.key] = c; });
    var mentions = data.mentions.map(function (row, index) {
      return {index: index, doc: row[0], place: row[1], start: row[2], end: row[3],
              sentenceStart: row[4], sentenceEnd: row[5], confidence: row[6], demonym: row[7] === 1,
              approximate: row[8] === 1};
    });
    var placeMentions = places.map(function () { return []; });
    var docMentions = docs.map(function () { return []; });
    mentions.forEach(function (m) {
      docMentions[m.doc].push(m.index);
      if (m.place >= 0) { placeMentions[m.place].push(m.index); }
    });
    var surfaces = places.map(function () { return []; });  // how the articles wrote each place
    mentions.forEach(function (m) {
      var text = m.place >= 0 ? docs[m.doc].text.slice(m.start, m.end) : null;
      if (text && text !== places[m.place].name && surfaces[m.place].indexOf(text) < 0) { surfaces[m.place].push(text); }
    });
    docMentions.forEach(function (list) {
      list.sort(function (a, b) { return mentions[a].start - mentions[b].start; });
    });

    var state = {region: null, counts: new Int32Array(places.length), docOn: docs.map(function () { return true; }),
                 time: null, minConfidence: 0, regionCounts: {}, restoring: false};
    var time = timeline(docs, docMentions, mentions);
    if (time) { state.time = {from: 0, to: time.bins.length - 1, undated: true}; }
    if (!isFinite(map.getMaxZoom())) { map.setMaxZoom(18); }  // no basemap: clustering needs one
    var panes = [['gn-background', 150], ['gn-regions', 350]];
    panes.forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });

    // ---- markers and clusters -------------------------------------------------------------
    var cluster = L.markerClusterGroup({
      chunkedLoading: true, maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: function (group) {
        var total = 0;
        group.getAllChildMarkers().forEach(function (m) { total += m.options.gnCount || 0; });
        var size = total < 10 ? 'small' : (total < 100 ? 'medium' : 'large');
        return L.divIcon({html: el('div', {}, [el('span', {text: total})]),
                          className: 'marker-cluster marker-cluster-' + size + ' gn-cluster',
                          iconSize: L.point(40, 40)});
      }
    });
    var markers = places.map(function (p, i) {
      var colour = (categories[p.cat] || categories.other).colour;
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 6, color: '#222', weight: 1, fillColor: colour, fillOpacity: 0.8,
        className: 'gn-place gn-p-' + i, gnCount: 0});
      marker.bindTooltip(function () {
        return el('span', {}, [el('b', {text: p.name}), ' ' + plural(state.counts[i], 'mention')]);
      });
      marker.bindPopup(function () { return popupContent(i); }, {maxWidth: 380, minWidth: 260, maxHeight: 320});
      return marker;
    });
    map.addLayer(cluster);

    function adminPath(p) {
      var parts = [p.name, p.a2, p.a1, p.country].filter(function (x) { return x; });
      return parts.filter(function (x, k) { return parts.indexOf(x) === k; }).join(' \u203a ');
    }

    function inRegion(p) {
      var r = state.region;
      if (!r) { return true; }
      return (r.level === 0 ? p.cc : (r.level === 1 ? p.a1c : p.a2c)) === r.code;
    }

    function docInTime(d) {
      if (!time) { return true; }
      var b = time.docBin[d];
      return b < 0 ? state.time.undated : (b >= state.time.from && b <= state.time.to);
    }

    // Shown by the article, time and confidence filters (the region selection aside).
    function mentionFiltered(m) {
      return m.place >= 0 && state.docOn[m.doc] && m.confidence >= state.minConfidence;
    }

    function mentionVisible(m) { return mentionFiltered(m) && inRegion(places[m.place]); }

    // ---- popups -------------------------------------------------------------------------
    function sentenceNode(m) {
      var text = docs[m.doc].text;
      var from = Math.max(m.sentenceStart, m.start - SENTENCE_CONTEXT);
      var to = Math.min(m.sentenceEnd, m.end + SENTENCE_CONTEXT);
      return el('p', {'class': 'gn-sentence-quote'}, [
        (from > m.sentenceStart ? '\u2026' : '') + text.slice(from, m.start),
        el('mark', {text: text.slice(m.start, m.end)}),
        text.slice(m.end, to) + (to < m.sentenceEnd ? '\u2026' : '')]);
    }

    function docLabel(d) { return docs[d].title || docs[d].id; }

    function popupContent(i) {
      var p = places[i];
      var shown = placeMentions[i].filter(function (k) { return mentionVisible(mentions[k]); });
      var list = el('ol', {'class': 'gn-popup-mentions'});
      shown.slice(0, MAX_POPUP_MENTIONS).forEach(function (k) {
        var m = mentions[k];
        var link = el('a', {href: '#gn-m-' + k, 'class': 'gn-goto', 'data-mention': k, text: 'Show in article \u203a'});
        link.addEventListener('click', function (event) { event.preventDefault(); showMention(k); });
        list.appendChild(el('li', {}, [
          sentenceNode(m),
          el('div', {'class': 'gn-meta'}, [
            el('span', {'class': 'gn-doc', text: docLabel(m.doc)}),
            el('span', {'class': 'gn-confidence', text: 'confidence ' + m.confidence.toFixed(2)}),
            m.demonym ? el('span', {'class': 'gn-demonym', text: 'demonym'}) : null,
            m.approximate ? el('span', {'class': 'gn-approximate', title: 'The gazetteer has no such place inside the one the text names; the mention is placed at that one.', text: 'approximate'}) : null,
            link])]));
      });
      var more = shown.length > MAX_POPUP_MENTIONS ?
        el('p', {'class': 'gn-more', text: '\u2026 and ' + (shown.length - MAX_POPUP_MENTIONS) + ' more'}) : null;
      return el('div', {'class': 'gn-popup', 'data-place': i}, [
        el('h3', {text: p.name}),
        el('div', {'class': 'gn-admin', text: adminPath(p)}),
        surfaces[i].length ? el('div', {'class': 'gn-kind', text: 'written as ' + surfaces[i].join(', ')}) : null,
        el('div', {'class': 'gn-kind', text: (categories[p.cat] || categories.other).label + ' \u00b7 ' +
          plural(shown.length, 'mention') + (p.gid ? ' \u00b7 GeoNames ' + p.gid : '')}),
        approximateNote(shown), list, more]);
    }

    function approximateNote(shown) {
      var approximate = shown.filter(function (k) { return mentions[k].approximate; }).length;
      if (!approximate) { return null; }
      return el('div', {'class': 'gn-approximate-note', text: (approximate === shown.length ? 'Approximate placement' :
        approximate + ' of ' + shown.length + ' mentions placed approximately') +
        ': the text names a place the gazetteer does not have, so it stands at the place that contains it (its region, country or the article\u2019s locale).'});
    }

    // ---- layer toggles --------------------------------------------------------------------
    var overlays = {};
    var catToggles = {};
    data.categories.forEach(function (c) {
      catToggles[c.key] = L.layerGroup();
      catToggles[c.key].gnToggle = true;
      map.addLayer(catToggles[c.key]);
      overlays['<span class="gn-swatch" style="background:' + c.colour + '"></span>' + escapeHtml(c.label)] = catToggles[c.key];
    });
    var groupToggles = [];
    if (data.groups) {
      data.groups.groups.forEach(function (g) {
        var toggle = L.layerGroup();
        toggle.gnToggle = true;
        toggle.gnDocs = g.docs;
        map.addLayer(toggle);
        groupToggles.push(toggle);
        var kind = data.groups.kind === 'source' ? 'Source: ' : 'Article: ';
        overlays['<span class="gn-group">' + escapeHtml(kind + g.label) + '</span>'] = toggle;
      });
    }

    var heat = null;
    if (view.heatmap && L.heatLayer) {
      heat = L.heatLayer([], {radius: 25, blur: 18, minOpacity: 0.3});
      map.addLayer(heat);
      overlays['Heat map'] = heat;
    }

    var regionLayers = {};
    var regionShapes = [];  // {key, level, layer, circle} for restyling when counts change
    function regionTooltip(name, key) {
      return function () { return el('span', {}, [el('b', {text: name}), ' ' + plural(state.regionCounts[key] || 0, 'mention')]); };
    }
    // A region layer: a choropleth of the shapes there are, graduated circles for the rest.
    function regionLayer(nodes, shapes, level) {
      var group = L.featureGroup();
      var max = 0;
      nodes.forEach(function (n) { max = Math.max(max, n.count); });
      var shaped = {};
      if (shapes) {
        L.geoJSON(shapes, {
          pane: 'gn-regions',
          style: function (f) {
            return {color: '#555', weight: 1, fillOpacity: 0.3, fillColor: rampColour(f.properties.count, max)};
          },
          onEachFeature: function (f, layer) {
            shaped[f.properties.code] = true;
            regionLayers[level + ':' + f.properties.code] = layer;
            layer.bindTooltip(regionTooltip(f.properties.name, level + ':' + f.properties.code), {sticky: true});
            regionShapes.push({key: level + ':' + f.properties.code, level: level, layer: layer, circle: false});
            layer.on('click', function () { selectRegion(level, f.properties.code); });
          }
        }).addTo(group);
      }
      nodes.forEach(function (n) {
        if (shaped[n.code]) { return; }
        var circle = L.circleMarker([n.lat, n.lon], {
          pane: 'gn-regions', radius: 8 + 4 * Math.sqrt(n.count), color: '#555', weight: 1, dashArray: '4 3',
          fillOpacity: 0.35, fillColor: rampColour(n.count, max), className: 'gn-region-circle'});
        circle.bindTooltip(regionTooltip(n.name, level + ':' + n.code));
        regionShapes.push({key: level + ':' + n.code, level: level, layer: circle, circle: true});
        circle.on('click', function () { selectRegion(level, n.code); });
        circle.addTo(group);
      });
      return group;
    }
    if (view.background) {
      L.geoJSON(view.background, {pane: 'gn-background', interactive: false,
        style: {color: '#999', weight: 0.6, fillColor: '#e8e8e8', fillOpacity: 1}}).addTo(map);
    }
    var admin1Nodes = [];
    data.regions.forEach(function (n) { admin1Nodes = admin1Nodes.concat(n.children); });
    if (data.regions.length) {
      overlays['Countries (mentions)'] = regionLayer(data.regions, view.outlines, 0).addTo(map);
    }
    if (admin1Nodes.length) {
      var admin1 = regionLayer(admin1Nodes, view.boundaries, 1);
      if (view.boundaries) { admin1.addTo(map); }
      overlays['Admin-1 regions (mentions)'] = admin1;
    }
    var articleFocusLayer = focusLayer();
    if (articleFocusLayer.getLayers().length) { overlays['Article focus (one point per article)'] = articleFocusLayer; }
    var bases = {};
    if (baseLayer) { bases[escapeHtml(baseName)] = baseLayer; }
    L.control.layers(bases, overlays, {collapsed: true, position: 'topright'}).addTo(map);
    map.on('overlayadd overlayremove', function (event) { if (event.layer.gnToggle) { refresh(); } });

    // ---- filtering ------------------------------------------------------------------------
    function refresh() {
      var docOn = docs.map(function () { return groupToggles.length === 0; });
      groupToggles.forEach(function (t) {
        if (map.hasLayer(t)) { t.gnDocs.forEach(function (d) { docOn[d] = true; }); }
      });
      state.docOn = docOn.map(function (on, d) { return on && docInTime(d); });
      var counts = new Int32Array(places.length);
      mentions.forEach(function (m) { if (mentionVisible(m)) { counts[m.place] += 1; } });
      state.counts = counts;
      var visible = [];
      var heatPoints = [];
      var approximate = new Int32Array(places.length);
      mentions.forEach(function (m) { if (m.approximate && mentionVisible(m)) { approximate[m.place] += 1; } });
      var added = [], removed = [];
      markers.forEach(function (marker, i) {
        marker.options.gnCount = counts[i];
        var on = counts[i] > 0 && map.hasLayer(catToggles[places[i].cat] || catToggles.other);
        if (on) {
          marker.setRadius(radius(counts[i]));
          markerStyle(marker, approximate[i] === counts[i]);
          visible.push(marker);
          heatPoints.push([places[i].lat, places[i].lon, counts[i]]);
        }
        if (on !== Boolean(marker.gnShown)) { (on ? added : removed).push(marker); }
        marker.gnShown = on;
      });
      // Only the markers that appear or go are moved in or out of the clusters; the cluster
      // labels (mention counts) are then redrawn.
      cluster.removeLayers(removed);
      cluster.addLayers(added);
      cluster.refreshClusters();
      if (heat) { heat.setLatLngs(heatPoints); }
      state.visible = visible;
      updateRegionCounts();
      updateArticleList();
      filterFocusLayer();
      return visible;
    }

    // An approximate placement (every mention shown there is approximate) is drawn hollow
    // with a dashed outline; the legend says so.
    function markerStyle(marker, approximate) {
      if (marker.options.gnApproximate === approximate) { return; }
      marker.options.gnApproximate = approximate;
      marker.setStyle(approximate ? {dashArray: '3 3', weight: 2, color: '#a15c00', fillOpacity: 0.25}
                                  : {dashArray: null, weight: 1, color: '#222', fillOpacity: 0.8});
      // Leaflet draws a new path each time the cluster adds the marker: keep the class in the options.
      marker.options.className = marker.options.className.replace(/ gn-approximate-place/, '') +
        (approximate ? ' gn-approximate-place' : '');
      var path = marker.getElement && marker.getElement();
      if (path) { path.classList.toggle('gn-approximate-place', approximate); }
    }

    // Region counts of the mentions shown (ignoring the region selection itself): badges,
    // tooltips, choropleth colours and circle sizes follow the time and confidence filters.
    function updateRegionCounts() {
      var byRegion = {};
      function add(key, n) { byRegion[key] = (byRegion[key] || 0) + n; }
      mentions.forEach(function (m) {
        if (!mentionFiltered(m)) { return; }
        var p = places[m.place];
        if (p.cc) { add('0:' + p.cc, 1); }
        if (p.a1c) { add('1:' + p.a1c, 1); }
        if (p.a2c) { add('2:' + p.a2c, 1); }
      });
      state.regionCounts = byRegion;
      Object.keys(regionButtons).forEach(function (key) {
        var n = byRegion[key] || 0;
        regionButtons[key].querySelector('.gn-badge').textContent = n;
        regionButtons[key].classList.toggle('gn-empty', n === 0);
      });
      var max = {};
      regionShapes.forEach(function (r) { max[r.level] = Math.max(max[r.level] || 0, byRegion[r.key] || 0); });
      regionShapes.forEach(function (r) {
        var n = byRegion[r.key] || 0;
        r.layer.setStyle({fillColor: rampColour(n, max[r.level]), fillOpacity: n ? (r.circle ? 0.35 : 0.3) : 0.05});
        if (r.circle) { r.layer.setRadius(n ? 8 + 4 * Math.sqrt(n) : 0); }
      });
    }

    // The article focus points of the articles the filters show.
    var focusMarkers = null;
    function filterFocusLayer() {
      if (focusMarkers === null) { focusMarkers = articleFocusLayer.getLayers(); }
      articleFocusLayer.clearLayers();
      focusMarkers.forEach(function (m) { if (state.docOn[m.options.gnDoc]) { articleFocusLayer.addLayer(m); } });
    }

    function updateArticleList() {
      if (!docSelect) { return; }
      var shown = 0;
      Array.prototype.forEach.call(docSelect.options, function (option) {
        var on = state.docOn[Number(option.value)];
        option.hidden = !on;
        option.disabled = !on;
        if (on) { shown += 1; }
      });
      articleCount.textContent = shown === docs.length ? '' :
        plural(shown, 'article') + ' of ' + docs.length + ' in the selection';
    }

    function fitTo(layers, extra) {
      var bounds = L.latLngBounds([]);
      layers.forEach(function (m) { bounds.extend(m.getLatLng()); });
      if (extra) { bounds.extend(extra.getBounds()); }
      function go() {
        if (bounds.isValid()) { map.fitBounds(bounds, {padding: [40, 40], maxZoom: 7}); }
        else { map.setView([20, 0], 2); }
      }
      // A fit asked for during a zoom animation would be lost: run it when that zoom ends.
      if (map._animatingZoom) { map.once('zoomend', go); } else { go(); }
    }

    // ---- region browser ---------------------------------------------------------------------
    var regionIndex = {};
    var regionButtons = {};
    var regionList = document.getElementById('gn-regions');
    var regionStatus = document.getElementById('gn-region-status');
    function regionItem(node) {
      regionIndex[node.level + ':' + node.code] = node;
      var button = el('button', {type: 'button', 'class': 'gn-region', 'data-level': node.level, 'data-code': node.code}, [
        el('span', {'class': 'gn-region-name', text: node.name}),
        el('span', {'class': 'gn-badge', text: node.count})]);
      button.addEventListener('click', function () { selectRegion(node.level, node.code); });
      regionButtons[node.level + ':' + node.code] = button;
      if (!node.children.length) { return el('li', {}, [button]); }
      var details = el('details', {}, [el('summary', {}, [button]),
        el('ul', {}, node.children.map(regionItem))]);
      return el('li', {}, [details]);
    }
    data.regions.forEach(function (node) { regionList.appendChild(regionItem(node)); });

    function selectRegion(level, code, keepView) {
      Object.keys(regionButtons).forEach(function (k) { regionButtons[k].classList.remove('gn-selected'); });
      var node = level === null || level === undefined ? null : regionIndex[level + ':' + code];
      state.region = node ? {level: node.level, code: node.code, name: node.name} : null;
      var visible = refresh();
      regionStatus.textContent = '';
      if (node) {
        var button = regionButtons[level + ':' + code];
        button.classList.add('gn-selected');
        for (var p = button.parentElement; p && p !== regionList; p = p.parentElement) {
          if (p.tagName === 'DETAILS') { p.open = true; }
        }
        var total = 0;
        state.counts.forEach(function (c) { total += c; });
        regionStatus.appendChild(el('span', {text: 'Showing ' + node.name + ': ' + plural(total, 'mention') + ' '}));
        var clear = el('button', {type: 'button', 'class': 'gn-clear', text: 'Show all'});
        clear.addEventListener('click', function () { selectRegion(null); });
        regionStatus.appendChild(clear);
        showTab('regions');
      }
      if (!keepView) { fitTo(visible, node ? regionLayers[level + ':' + code] : null); }
      writeHash();
      return visible.length;
    }

    // ---- place search -------------------------------------------------------------------
    var search = document.getElementById('gn-search');
    var placeList = document.getElementById('gn-place-list');
    var totals = placeMentions.map(function (list) { return list.length; });
    var folded = places.map(function (p, i) { return fold([p.name].concat(surfaces[i]).join(' | ')); });
    function listPlaces() {
      var query = fold(search.value.trim());
      var hits = [];
      for (var i = 0; i < places.length; i++) {
        if (!query || folded[i].indexOf(query) >= 0) { hits.push(i); }
      }
      hits.sort(function (a, b) {
        var prefix = (folded[b].indexOf(query) === 0) - (folded[a].indexOf(query) === 0);
        return prefix || totals[b] - totals[a] || folded[a].localeCompare(folded[b]);
      });
      placeList.textContent = '';
      hits.slice(0, MAX_LIST).forEach(function (i) {
        var button = el('button', {type: 'button', 'class': 'gn-place-hit', 'data-place': i}, [
          el('span', {'class': 'gn-swatch', style: 'background:' + (categories[places[i].cat] || categories.other).colour}),
          el('span', {'class': 'gn-region-name', text: places[i].name}),
          el('span', {'class': 'gn-badge', text: totals[i]}),
          el('small', {text: adminPath(places[i]) + (surfaces[i].length ? ' \u00b7 as ' + surfaces[i].join(', ') : '')})]);
        button.addEventListener('click', function () { focusPlace(i); });
        placeList.appendChild(el('li', {}, [button]));
      });
      if (hits.length > MAX_LIST) { placeList.appendChild(el('li', {'class': 'gn-more', text: '\u2026 ' + (hits.length - MAX_LIST) + ' more'})); }
    }
    search.addEventListener('input', listPlaces);

    function focusPlace(i) {
      var marker = markers[i];
      if (!cluster.hasLayer(marker)) {
        if (state.region) { selectRegion(null); }
        var toggle = catToggles[places[i].cat] || catToggles.other;
        if (!map.hasLayer(toggle)) { map.addLayer(toggle); }
        groupToggles.forEach(function (t) { if (!map.hasLayer(t)) { map.addLayer(t); } });
      }
      if (!cluster.hasLayer(marker)) { return false; }
      cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
      return true;
    }

    // ---- document view ------------------------------------------------------------------
    var docSelect = document.getElementById('gn-doc-select');
    var articleCount = document.getElementById('gn-doc-count');
    var docView = document.getElementById('gn-doc');
    var currentDoc = -1;
    fillArticleList(false);
    if (docs.length > 1) { focusGroupToggle(); }
    docSelect.addEventListener('change', function () { renderDoc(Number(docSelect.value)); });

    function mentionNode(k) {
      var m = mentions[k];
      var text = docs[m.doc].text.slice(m.start, m.end);
      if (m.place < 0) { return el('mark', {id: 'gn-m-' + k, 'class': 'gn-mention gn-unresolved', title: 'not resolved', text: text}); }
      var p = places[m.place];
      var link = el('a', {id: 'gn-m-' + k, href: '#gn-map', 'class': 'gn-mention gn-cat-' + p.cat,
                          title: adminPath(p) + ' \u2013 show on the map', 'data-place': m.place, text: text});
      link.style.borderBottomColor = (categories[p.cat] || categories.other).colour;
      link.addEventListener('click', function (event) { event.preventDefault(); focusPlace(m.place); });
      return link;
    }

    function renderDoc(d) {
      if (d === currentDoc) { return; }
      currentDoc = d;
      state.mention = null;
      docSelect.value = String(d);
      var doc = docs[d], text = doc.text, list = docMentions[d], next = 0;
      function fill(parent, from, to) {
        var pos = from;
        while (next < list.length && mentions[list[next]].start < to) {
          var m = mentions[list[next]];
          if (m.start < pos) { next++; continue; }
          if (m.end > to) { break; }
          parent.appendChild(document.createTextNode(text.slice(pos, m.start)));
          parent.appendChild(mentionNode(list[next]));
          pos = m.end;
          next++;
        }
        parent.appendChild(document.createTextNode(text.slice(pos, to)));
      }
      var body = el('div', {'class': 'gn-doc-text'});
      var pos = 0;
      doc.sentences.forEach(function (s, k) {
        if (s[0] < pos || s[1] <= s[0]) { return; }
        fill(body, pos, s[0]);
        var span = el('span', {id: 'gn-s-' + d + '-' + k, 'class': 'gn-sentence', 'data-start': s[0]});
        fill(span, s[0], s[1]);
        body.appendChild(span);
        pos = s[1];
      });
      fill(body, pos, text.length);
      var back = el('a', {href: '#gn-map', 'class': 'gn-back', text: '\u2039 Back to the map'});
      back.addEventListener('click', function (event) { event.preventDefault(); map.getContainer().focus(); });
      var url = doc.url && /^https?:\/\//i.test(doc.url) ?
        el('a', {href: doc.url, target: '_blank', rel: 'noopener noreferrer nofollow', text: doc.url}) :
        (doc.url ? el('span', {text: doc.url}) : null);
      docView.textContent = '';
      docView.appendChild(el('header', {}, [
        el('h2', {text: docLabel(d)}),
        el('div', {'class': 'gn-doc-meta'}, [el('span', {text: 'id ' + doc.id + ' \u00b7 ' + (doc.date || 'undated') + ' \u00b7 ' + plural(list.length, 'mention')}), url ? ' \u00b7 ' : null, url]),
        focusLine(d),
        back]));
      docView.appendChild(body);
      writeHash();
    }

    function showMention(k) {
      var m = mentions[k];
      showTab('articles');
      renderDoc(m.doc);
      docView.querySelectorAll('.gn-target').forEach(function (n) { n.classList.remove('gn-target'); });
      var target = document.getElementById('gn-m-' + k);
      if (!target) { return false; }
      target.classList.add('gn-target');
      if (target.parentElement.classList.contains('gn-sentence')) { target.parentElement.classList.add('gn-target'); }
      target.scrollIntoView({block: 'center'});
      state.mention = k;
      writeHash();
      return true;
    }

    // ---- article focus: the article list, its grouping, the focus layer --------------------
    // Each payload document carries its focus (geonews/resolution/focus.py via payload.focus_record) or null.
    function focusLabel(d) { return docs[d].focus ? docs[d].focus.label : 'no focus'; }

    function articleOption(d) { return el('option', {value: d, text: docLabel(d) + ' \u2014 ' + focusLabel(d)}); }

    function focusGroupLabel(d) {
      var f = docs[d].focus;
      if (!f) { return 'No focus'; }
      return f.a1 ? f.a1 + ', ' + f.country : f.country;
    }

    // The article list, flat in input order or grouped by focus region (most articles first).
    function fillArticleList(grouped) {
      var selected = docSelect.value;
      docSelect.textContent = '';
      if (!grouped) {
        docs.forEach(function (d, i) { docSelect.appendChild(articleOption(i)); });
      } else {
        var groups = {}, labels = [];
        docs.forEach(function (d, i) {
          var label = focusGroupLabel(i);
          if (!groups[label]) { groups[label] = []; labels.push(label); }
          groups[label].push(i);
        });
        labels.sort(function (a, b) { return groups[b].length - groups[a].length || a.localeCompare(b); });
        labels.forEach(function (label) {
          docSelect.appendChild(el('optgroup', {label: label + ' (' + groups[label].length + ')'},
                                   groups[label].map(articleOption)));
        });
      }
      if (selected !== '') { docSelect.value = selected; }
      updateArticleList();
    }

    function focusGroupToggle() {
      var box = el('input', {type: 'checkbox', id: 'gn-doc-group'});
      box.addEventListener('change', function () { fillArticleList(box.checked); });
      docSelect.parentNode.insertBefore(el('label', {'class': 'gn-doc-group'}, [box, ' Group articles by focus region']), docSelect);
    }

    function focusLine(d) {
      var f = docs[d].focus;
      return el('div', {'class': 'gn-doc-focus', text: f ?
        'About: ' + f.label + ' (confidence ' + f.confidence.toFixed(2) + ')' : 'About: no place found'});
    }

    // One point per article at its focus; clicking one opens the article.
    function focusLayer() {
      var group = L.featureGroup();
      docs.forEach(function (d, i) {
        var f = d.focus;
        if (!f) { return; }
        var marker = L.marker([f.lat, f.lon], {icon: L.divIcon({className: 'gn-focus-marker gn-focus-d-' + i, iconSize: L.point(14, 14)}),
                                                title: '', keyboard: false, gnDoc: i});
        marker.bindTooltip(function () { return el('span', {}, [el('b', {text: docLabel(i)}), ' \u2014 ' + f.label]); });
        marker.on('click', function () { showTab('articles'); renderDoc(i); });
        marker.addTo(group);
      });
      return group;
    }

    // ---- panel, legend, controls -----------------------------------------------------------
    var panel = document.getElementById('gn-panel');
    document.getElementById('gn-title').textContent = data.title;
    document.getElementById('gn-summary').textContent = plural(docs.length, 'article') + ' \u00b7 ' +
      plural(mentions.filter(function (m) { return m.place >= 0; }).length, 'mapped mention') + ' \u00b7 ' + plural(places.length, 'place');
    function showTab(name) {
      panel.querySelectorAll('[data-tab]').forEach(function (b) { b.classList.toggle('gn-active', b.getAttribute('data-tab') === name); });
      panel.querySelectorAll('.gn-tab').forEach(function (s) { s.hidden = s.id !== 'gn-tab-' + name; });
      if (name === 'articles' && currentDoc < 0 && docs.length) { renderDoc(0); }
    }
    panel.querySelectorAll('[data-tab]').forEach(function (b) {
      b.addEventListener('click', function () { showTab(b.getAttribute('data-tab')); writeHash(); });
    });
    document.getElementById('gn-panel-toggle').addEventListener('click', function () {
      document.body.classList.toggle('gn-panel-closed');
      map.invalidateSize();
    });

    var legend = L.control({position: 'bottomleft'});
    legend.onAdd = function () {
      var box = el('div', {'class': 'gn-legend leaflet-control'}, [el('strong', {text: 'Places'})]);
      data.categories.forEach(function (c) {
        box.appendChild(el('div', {}, [el('span', {'class': 'gn-swatch', style: 'background:' + c.colour}), c.label]));
      });
      var sizes = el('div', {'class': 'gn-sizes'});
      [1, 10, 50].forEach(function (n) {
        var d = 2 * radius(n);
        sizes.appendChild(el('span', {'class': 'gn-size'}, [
          el('span', {'class': 'gn-dot', style: 'width:' + d + 'px;height:' + d + 'px'}), String(n)]));
      });
      box.appendChild(el('div', {text: 'Circle size: mentions'}));
      box.appendChild(sizes);
      if (mentions.some(function (m) { return m.approximate; })) {
        box.appendChild(el('div', {'class': 'gn-legend-approximate', title: 'The text names a place the gazetteer does not have; it stands at the place containing it.'}, [
          el('span', {'class': 'gn-dot gn-dot-approximate'}), 'Approximate placement']));
      }
      if (data.regions.length) {
        var ramp = el('div', {'class': 'gn-ramp'});
        RAMP.forEach(function (c) { ramp.appendChild(el('span', {style: 'background:' + c})); });
        box.appendChild(el('div', {text: 'Regions: fewer \u2192 more mentions'}));
        box.appendChild(ramp);
      }
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
    if (L.Control.FullScreen) { new L.Control.FullScreen({position: 'topleft'}).addTo(map); }
    if (view.minimap && L.Control.MiniMap) {
      new L.Control.MiniMap(L.tileLayer(view.minimap.url, view.minimap.options),
                            {toggleDisplay: true, position: 'bottomright'}).addTo(map);
    }

    // ---- filters: time range and minimum confidence ------------------------------------------
    var filters = document.getElementById('gn-filters');
    var timeInputs = time ? timeControl() : null;
    var confidenceInput = confidenceControl();

    function timeLabel() {
      var t = state.time;
      var from = isoOfDay(time.bins[t.from].from), to = isoOfDay(time.bins[t.to].to);
      return (from === to ? from : from + ' \u2013 ' + to);
    }

    function timeControl() {
      var max = 0;
      time.bins.forEach(function (b) { max = Math.max(max, b.mentions); });
      var histogram = el('div', {'class': 'gn-histogram', 'aria-hidden': 'true'});
      time.bins.forEach(function (b, k) {
        histogram.appendChild(el('span', {'class': 'gn-bar', 'data-bin': k,
          title: isoOfDay(b.from) + (time.unit === 'week' ? ' (week)' : '') + ': ' + plural(b.mentions, 'mention'),
          style: 'height:' + (b.mentions ? Math.max(8, Math.round(100 * b.mentions / max)) : 0) + '%'}));
      });
      var last = time.bins.length - 1;
      var from = el('input', {type: 'range', id: 'gn-time-from', min: 0, max: last, value: 0, step: 1, 'aria-label': 'From'});
      var to = el('input', {type: 'range', id: 'gn-time-to', min: 0, max: last, value: last, step: 1, 'aria-label': 'Until'});
      var undated = el('input', {type: 'checkbox', id: 'gn-undated'});
      undated.checked = true;
      var label = el('span', {id: 'gn-time-label'});
      filters.appendChild(el('div', {'class': 'gn-time'}, [
        el('div', {'class': 'gn-filter-head'}, [el('strong', {text: 'Time'}), ' ', label,
          el('small', {text: ' \u00b7 mentions per ' + time.unit})]),
        histogram,
        el('div', {'class': 'gn-range'}, [from, to]),
        el('div', {'class': 'gn-axis'}, [el('span', {text: isoOfDay(time.bins[0].from)}),
                                         el('span', {text: isoOfDay(time.bins[last].to)})]),
        time.undated.docs ? el('label', {'class': 'gn-undated'}, [undated,
          ' undated articles (' + plural(time.undated.docs, 'article') + ', ' + plural(time.undated.mentions, 'mention') + ')']) : null]));
      var pending = false;
      function changed(moved) {
        var a = Number(from.value), b = Number(to.value);
        if (a > b) { if (moved === from) { to.value = a; } else { from.value = b; } }
        if (pending) { return; }  // one refresh per frame while a handle is dragged
        pending = true;
        requestAnimationFrame(function () {
          pending = false;
          setTime(Number(from.value), Number(to.value), undated.checked);
        });
      }
      from.addEventListener('input', function () { changed(from); });
      to.addEventListener('input', function () { changed(to); });
      undated.addEventListener('change', function () { changed(null); });
      label.textContent = isoOfDay(time.bins[0].from) + ' \u2013 ' + isoOfDay(time.bins[last].to);
      return {from: from, to: to, undated: undated, label: label, histogram: histogram};
    }

    function setTime(from, to, undated) {
      state.time = {from: from, to: to, undated: undated};
      timeInputs.from.value = from;
      timeInputs.to.value = to;
      timeInputs.undated.checked = undated;
      timeInputs.label.textContent = timeLabel();
      Array.prototype.forEach.call(timeInputs.histogram.children, function (bar, k) {
        bar.classList.toggle('gn-out', k < from || k > to);
      });
      applyFilters();
    }

    function confidenceControl() {
      var input = el('input', {type: 'range', id: 'gn-min-confidence', min: 0, max: 1, step: 0.05, value: 0,
                               'aria-label': 'Minimum confidence'});
      var value = el('output', {id: 'gn-min-confidence-value', text: '0.00'});
      filters.appendChild(el('div', {'class': 'gn-confidence-filter'}, [
        el('label', {'for': 'gn-min-confidence'}, [el('strong', {text: 'Min. confidence'})]), input, value]));
      var pending = false;
      input.addEventListener('input', function () {
        if (pending) { return; }  // one refresh per frame while the handle is dragged
        pending = true;
        requestAnimationFrame(function () { pending = false; setMinConfidence(Number(input.value)); });
      });
      return {input: input, value: value};
    }

    function setMinConfidence(x) {
      state.minConfidence = x;
      confidenceInput.input.value = x;
      confidenceInput.value.textContent = x.toFixed(2);
      applyFilters();
    }

    function applyFilters() {
      if (state.restoring) { return; }
      refresh();
      if (state.region) { regionStatusText(); }
      writeHash();
    }

    function regionStatusText() {
      var total = 0;
      state.counts.forEach(function (c) { total += c; });
      var first = regionStatus.firstChild;
      if (first) { first.textContent = 'Showing ' + state.region.name + ': ' + plural(total, 'mention') + ' '; }
    }

    // ---- the view in the URL hash -------------------------------------------------------------
    // #r=<level>:<code>&d=<article>&m=<mention>&t=<from>..<to>&u=0&c=<min confidence>&z=<zoom>/<lat>/<lon>
    function writeHash() {
      if (state.restoring || !history.replaceState) { return; }
      var parts = [];
      if (state.region) { parts.push('r=' + encodeURIComponent(state.region.level + ':' + state.region.code)); }
      if (currentDoc >= 0 && !panel.querySelector('#gn-tab-articles').hidden) { parts.push('d=' + currentDoc); }
      if (state.mention !== undefined && state.mention !== null) { parts.push('m=' + state.mention); }
      if (time && (state.time.from > 0 || state.time.to < time.bins.length - 1)) {
        parts.push('t=' + isoOfDay(time.bins[state.time.from].from) + '..' + isoOfDay(time.bins[state.time.to].to));
      }
      if (time && !state.time.undated) { parts.push('u=0'); }
      if (state.minConfidence > 0) { parts.push('c=' + state.minConfidence.toFixed(2)); }
      var c = map.getCenter();
      parts.push('z=' + map.getZoom() + '/' + c.lat.toFixed(4) + '/' + c.lng.toFixed(4));
      history.replaceState(null, '', '#' + parts.join('&'));
    }

    function readHash() {
      var hash = location.hash.replace(/^#/, '');
      var old = /^gn-m-(\d+)$/.exec(hash);
      if (old) { return {m: old[1]}; }
      var found = {};
      hash.split('&').forEach(function (part) {
        var at = part.indexOf('=');
        if (at > 0) { found[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1)); }
      });
      return found;
    }

    function restoreView() {
      var want = readHash();
      state.restoring = true;
      if (time && (want.t || want.u === '0')) {
        var range = (want.t || '').split('..');
        setTime(binOfDate(time, range[0], false), binOfDate(time, range[1], true), want.u !== '0');
      }
      if (want.c && isFinite(Number(want.c))) { setMinConfidence(Math.max(0, Math.min(1, Number(want.c)))); }
      state.restoring = false;
      var visible = refresh();
      var z = (want.z || '').split('/').map(Number);
      var zoomed = z.length === 3 && z.every(isFinite);
      if (want.r && regionIndex[want.r]) {
        var at = want.r.indexOf(':');
        selectRegion(Number(want.r.slice(0, at)), want.r.slice(at + 1), zoomed);
      } else if (!zoomed) { fitTo(visible); }
      var k = Number(want.m);
      if (want.m !== undefined && mentions[k]) { showMention(k); }
      else if (want.d !== undefined && docs[Number(want.d)]) { showTab('articles'); renderDoc(Number(want.d)); }
      if (zoomed) { map.setView([z[1], z[2]], z[0], {animate: false}); }
      writeHash();
    }

    showTab('regions');
    listPlaces();
    restoreView();
    map.on('moveend', writeHash);

    return {
      map: map, cluster: cluster, markers: markers, data: data, places: places,
      selectRegion: function (code) {
        for (var key in regionIndex) { if (regionIndex[key].code === code) { return selectRegion(regionIndex[key].level, code); } }
        return selectRegion(null);
      },
      placeIndex: function (name) {
        for (var i = 0; i < places.length; i++) { if (places[i].name === name) { return i; } }
        return -1;
      },
      focusPlace: focusPlace,
      showMention: showMention,
      setTime: function (from, to, undated) {
        if (!time) { return false; }
        setTime(binOfDate(time, from, false), binOfDate(time, to, true), undated !== false);
        return true;
      },
      setMinConfidence: setMinConfidence,
      focusLayer: articleFocusLayer,
      stats: function () {
        var shown = 0;
        state.counts.forEach(function (c) { shown += c; });
        return {places: places.length, mentions: mentions.length, visiblePlaces: state.visible.length,
                visibleMentions: shown, region: state.region ? state.region.code : null};
      },
      filterStats: function () {
        var shown = 0, articles = 0;
        state.counts.forEach(function (c) { shown += c; });
        state.docOn.forEach(function (on) { if (on) { articles += 1; } });
        return {visibleMentions: shown, visiblePlaces: state.visible.length, visibleArticles: articles,
                time: time ? timeLabel() : null, undated: time ? state.time.undated : null,
                minConfidence: state.minConfidence, bins: time ? time.bins.length : 0, unit: time ? time.unit : null,
                regionCounts: state.regionCounts};
      }
    };
  };
}());
