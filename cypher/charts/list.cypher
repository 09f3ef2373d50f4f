// description: The charts saved under one case, newest first - titles, whose network and who
//   saved them when; no node of any chart is read here.
// params: [case_reference]
MATCH (c:Chart {case_reference: $case_reference})
RETURN c.chart_id AS chart_id, c.title AS title, c.root AS root, c.saved_by AS saved_by,
       toString(c.saved_at) AS saved_at, size(c.node_ids) AS nodes
ORDER BY c.saved_at DESC, c.title
