// GraphiQL at /: the README's example questions as tabs, and a toolbar button that draws the
// current query's result in the network explorer. An explorer link opens /?query=… here as a
// new tab. Everything it loads is embedded in kg (see internal/ui).
"use strict";
(function () {
  const Q = window.KG.queries;
  const e = React.createElement;
  const params = new URLSearchParams(location.search);
  const { ToolbarButton, useEditorContext } = GraphiQL.React;

  // Draws the result of the query in the editor (with its variables) in the explorer.
  function DrawInExplorer() {
    const ctx = useEditorContext({ nonNull: true });
    const draw = function () {
      const u = new URLSearchParams();
      u.set("query", ctx.queryEditor ? ctx.queryEditor.getValue() : "");
      const vars = ctx.variableEditor ? ctx.variableEditor.getValue().trim() : "";
      if (vars) u.set("variables", vars);
      if (ctx.operationName) u.set("operationName", ctx.operationName);
      location.assign("/explore?" + u.toString());
    };
    return e(ToolbarButton, { onClick: draw, label: "Draw this query's result in the network explorer" },
      e("svg", { className: "graphiql-toolbar-icon", viewBox: "0 0 24 24", "aria-hidden": "true", fill: "none", stroke: "currentColor", strokeWidth: 1.8 },
        e("line", { x1: 6, y1: 7, x2: 17, y2: 5 }), e("line", { x1: 6, y1: 7, x2: 12, y2: 18 }), e("line", { x1: 17, y1: 5, x2: 12, y2: 18 }),
        e("circle", { cx: 6, cy: 7, r: 2.6, fill: "currentColor" }), e("circle", { cx: 17, cy: 5, r: 2.6, fill: "currentColor" }),
        e("circle", { cx: 12, cy: 18, r: 2.6, fill: "currentColor" })));
  }

  const props = {
    fetcher: GraphiQL.createFetcher({ url: "/graphql" }),
    defaultTabs: Q.EXAMPLES.map(function (q) { return { query: q }; }),
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: true,
    toolbar: { additionalComponent: DrawInExplorer },
  };
  if (params.get("query")) {
    props.query = params.get("query");
    props.variables = params.get("variables") || "";
  }
  ReactDOM.createRoot(document.getElementById("graphiql")).render(e(GraphiQL, props));
})();
