// description: One saved chart as stored - its case, whose network, node ids with positions,
//   hidden nodes and notes. The nodes are re-read under the opener's agreement before any is
//   shown (services/reads/charts.py); this row alone names no one's details.
// params: [chart_id]
MATCH (c:Chart {chart_id: $chart_id})
RETURN c.chart_id AS chart_id, c.case_reference AS case_reference, c.title AS title,
       c.root AS root, c.node_ids AS node_ids, c.xs AS xs, c.ys AS ys, c.hidden AS hidden,
       c.note_ids AS note_ids, c.notes AS notes, c.saved_by AS saved_by,
       toString(c.saved_at) AS saved_at, c.saved_agreement AS saved_agreement
