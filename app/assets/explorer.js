/* The explorer's browser-side helpers (clientside callbacks, app/components/explorer_history.py):
   the undo/redo history of expand, hide and group actions kept in the browser (no round trip
   of whole networks), the right-click (context) expand, and the positions a chart is saved
   with (as drawn, after any drag). */
(function () {
  var HISTORY = 15; // steps kept for undo

  function cyOf(id) {
    var root = document.getElementById(id);
    if (!root) { return null; }
    var all = [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
    var host = all.find(function (e) { return e._cyreg && e._cyreg.cy; });
    return host ? host._cyreg.cy : null;
  }

  function snapshot(stored, hidden, grouped) {
    return {stored: stored, hidden: hidden || [], grouped: grouped || []};
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  /* The elements React last committed to the canvas component (react-cytoscapejs patched the
     canvas from them in that same commit), or null if React's internals are not reachable.
     Read from the component instance, which React shares between a fiber and its alternate:
     the fiber a DOM node keeps may be the older of the two. */
  function committed(cy) {
    var host = cy.container();
    var key = host && Object.keys(host).find(function (k) { return k.indexOf("__reactFiber$") === 0; });
    var fiber = key ? host[key] : null;
    while (fiber && !(fiber.stateNode && fiber.stateNode._cy === cy)) { fiber = fiber.return; }
    var props = fiber ? fiber.stateNode.props : null;
    return props && Array.isArray(props.elements) ? props.elements : null;
  }

  /* The canvas must draw exactly what it was given: react-cytoscapejs patches the canvas by
     diffing its previous and next props, never the canvas itself, so a node an interrupted
     update left behind (a hidden node still drawn after a saved chart reopened, seen under
     load) or one it lost would stay that way for good. The check is against the props React
     has *committed* - not the newest value a callback saw, which React may not have drawn yet
     (checking against a value older than the drawing removed nodes the drawing had just
     added). Stray leaf nodes and edges go; a compound node (a household box) is never removed
     here (Cytoscape would take the people inside with it; react-cytoscapejs moves them out
     first); missing elements are added, parents before children and nodes before edges. Safe
     with any later patch: it diffs from the same committed props, which hold all of them.
     Nothing is touched if an element ever came without an id. */
  function reconcile(graphId) {
    var cy = cyOf(graphId);
    var wanted = cy && committed(cy);
    if (!wanted) { return; }
    var keep = {};
    var complete = wanted.every(function (e) {
      if (!e || !e.data || e.data.id == null) { return false; } // Cytoscape would make one up
      keep[String(e.data.id)] = true;
      return true;
    });
    if (!complete) { return; }
    var stray = cy.elements().filter(function (el) {
      return !keep[el.id()] && !(el.isNode() && el.isParent());
    });
    if (stray.length) { stray.remove(); }
    var missing = wanted.filter(function (e) { return cy.getElementById(String(e.data.id)).empty(); });
    if (!missing.length) { return; }
    var rank = function (e) { return e.data.source != null ? 2 : (e.data.parent != null ? 1 : 0); };
    missing.sort(function (a, b) { return rank(a) - rank(b); });
    cy.add(missing.map(function (e) { return JSON.parse(JSON.stringify(e)); }));
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    explorer: {
      /* A new network, hidden set or grouping is a step; one restored by undo/redo is not. */
      record: function (stored, hidden, grouped, history) {
        var nu = window.dash_clientside.no_update;
        if (!stored) { return nu; }
        var h = history || {past: [], now: null, future: []};
        var snap = snapshot(stored, hidden, grouped);
        if (h.now && same(h.now, snap)) { return nu; }
        var past = h.now ? h.past.concat([h.now]).slice(-HISTORY) : h.past;
        return {past: past, now: snap, future: []};
      },
      undoRedo: function (undo, redo, history) {
        var nu = window.dash_clientside.no_update;
        var which = window.dash_clientside.callback_context.triggered_id;
        var h = history || {past: [], now: null, future: []};
        var back = which === "explorer-undo";
        var from = back ? h.past : h.future;
        if (!from.length || !h.now) { return [nu, nu, nu, nu]; }
        var target = back ? from[from.length - 1] : from[0];
        var next = back
          ? {past: h.past.slice(0, -1), now: target, future: [h.now].concat(h.future)}
          : {past: h.past.concat([h.now]), now: target, future: h.future.slice(1)};
        return [target.stored, target.hidden, target.grouped, next];
      },
      buttons: function (history) {
        var h = history || {past: [], future: []};
        return [!h.past.length, !h.future.length];
      },
      /* dash-cytoscape has no context menu: a right-click (cxttap) on a node asks to expand it.
         Each new set of elements also reconciles the canvas with it (see reconcile). */
      bindContext: function (elements, graphId) {
        var tries = 0;
        setTimeout(function () { reconcile(graphId); }, 0);
        setTimeout(function () { reconcile(graphId); }, 400);
        function bind() {
          var cy = cyOf(graphId);
          if (!cy) {
            if (tries++ < 50) { setTimeout(bind, 100); }
            return;
          }
          if (cy.scratch("_touchpointContext")) { return; }
          cy.scratch("_touchpointContext", true);
          cy.on("cxttap", "node", function (event) {
            var node = event.target;
            if (node.isParent()) { return; }
            window.dash_clientside.set_props("explorer-context",
              {data: {id: node.id(), at: Date.now()}});
          });
        }
        bind();
        return true;
      },
      /* Where every node is drawn now (a dragged node where it was dropped). */
      positions: function (clicks, graphId) {
        var cy = cyOf(graphId);
        if (!clicks || !cy) { return window.dash_clientside.no_update; }
        var found = {};
        cy.nodes().forEach(function (n) {
          if (n.isParent()) { return; }
          var p = n.position();
          found[n.id()] = [p.x, p.y];
        });
        return {positions: found, clicks: clicks};
      }
    }
  });
})();
