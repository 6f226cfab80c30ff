// Injected by LineagePictureTest at the end of a copy of lineage.html: measures the rendered graph
// and writes the result, URI-encoded JSON, into <pre id="geometry"> for `chromium --dump-dom`.
(function () {
  var out = {edges: 0, samples: 0, nodes: [], crossings: [], outside: [], labelsCut: []};
  try {
    var svg = document.getElementById('lineage-graph');
    var W = svg.width.baseVal.value, H = svg.height.baseVal.value;
    var rendered = svg.getBoundingClientRect();
    var container = svg.parentElement;
    out.width = W;
    out.height = H;
    out.renderedWidth = rendered.width;
    out.renderedHeight = rendered.height;
    out.containerClass = container.className;
    out.containerOverflowX = getComputedStyle(container).overflowX;
    out.containerScrollWidth = container.scrollWidth;
    out.containerClientWidth = container.clientWidth;
    out.pageScrollWidth = document.documentElement.scrollWidth;
    out.viewportWidth = document.documentElement.clientWidth;
    // Everything in the SVG's own user space (its viewBox), whatever transforms an element has.
    function point(el, x, y) {
      var p = svg.createSVGPoint();
      p.x = x;
      p.y = y;
      return p.matrixTransform(el.getCTM());
    }
    function box(el) {
      var b = el.getBBox(), a = point(el, b.x, b.y), c = point(el, b.x + b.width, b.y + b.height);
      return {x1: Math.min(a.x, c.x), y1: Math.min(a.y, c.y), x2: Math.max(a.x, c.x), y2: Math.max(a.y, c.y)};
    }
    function within(inner, outer, slack) {
      return inner.x1 >= outer.x1 - slack && inner.y1 >= outer.y1 - slack && inner.x2 <= outer.x2 + slack && inner.y2 <= outer.y2 + slack;
    }
    var canvas = {x1: 0, y1: 0, x2: W, y2: H};
    var nodes = {};
    svg.querySelectorAll('g.node').forEach(function (g) {
      var key = g.getAttribute('data-node');
      var frame = box(g.querySelector('rect'));
      nodes[key] = frame;
      var texts = [];
      g.querySelectorAll('text').forEach(function (t) {
        var b = box(t);
        texts.push(t.textContent);
        if (!within(b, frame, 0.5) || !within(b, canvas, 0)) {
          out.labelsCut.push({node: key, text: t.textContent, text_box: b, node_box: frame});
        }
      });
      if (!within(frame, canvas, 0)) {
        out.outside.push({node: key, box: frame});
      }
      out.nodes.push({key: key, box: frame, texts: texts});
    });
    var EPS = 0.5; // a point on a box's border is not inside it
    svg.querySelectorAll('path.edge').forEach(function (path) {
      var from = path.getAttribute('data-from'), to = path.getAttribute('data-to');
      var length = path.getTotalLength();
      out.edges++;
      var steps = [];
      for (var s = 0; s < length; s += 2) steps.push(s);
      steps.push(length);
      steps.forEach(function (s) {
        var q = path.getPointAtLength(s), p = point(path, q.x, q.y);
        out.samples++;
        if (p.x < -EPS || p.y < -EPS || p.x > W + EPS || p.y > H + EPS) {
          if (out.outside.length < 50) out.outside.push({edge: from + ' -> ' + to, x: p.x, y: p.y});
        }
        Object.keys(nodes).forEach(function (k) {
          if (k === from || k === to) return;
          var b = nodes[k];
          if (p.x > b.x1 + EPS && p.x < b.x2 - EPS && p.y > b.y1 + EPS && p.y < b.y2 - EPS && out.crossings.length < 50) {
            out.crossings.push({edge: from + ' -> ' + to, node: k, at: s, x: p.x, y: p.y});
          }
        });
      });
    });
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  var pre = document.createElement('pre');
  pre.id = 'geometry';
  pre.textContent = encodeURIComponent(JSON.stringify(out));
  document.body.appendChild(pre);
})();
