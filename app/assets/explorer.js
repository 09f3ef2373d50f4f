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

  var latest = {}; // the newest elements prop per graph, whichever update scheduled the check

  /* The canvas must not draw what it was not given: react-cytoscapejs patches the canvas by
     diffing its previous and next props, never the canvas itself, so a node an interrupted
     update left behind (a hidden node still drawn after a saved chart reopened, seen under
     load) would stay for good. Against the newest elements prop, stray *leaf* nodes and edges
     go; a compound node (a household box) is never removed here - Cytoscape would take the
     people inside with it, and react-cytoscapejs's own patch moves them out first - and
     nothing is touched if an element ever came without an id. Safe before or after that
     patch: whatever is removed here is absent from the newest prop, which the patch also
     removes (or never adds). */
  function reconcile(graphId) {
    var cy = cyOf(graphId);
    var wanted = latest[graphId];
    if (!cy || !wanted) { return; }
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
        latest[graphId] = elements || [];
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
