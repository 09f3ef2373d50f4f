// description: Save (or overwrite) an explorer chart under its case - node ids and positions,
//   hidden nodes and per-node notes - ids and layout only, no person's details. Keyed by the
//   chart's stable id (case reference + title); who saved it and when are kept, and the first
//   author and time stay on an overwrite.
// params: [row]
MERGE (c:Chart {chart_id: $row.chart_id})
ON CREATE SET c.created_by = $row.saved_by, c.created_at = $row.saved_at
SET c.case_reference = $row.case_reference, c.title = $row.title, c.root = $row.root,
    c.node_ids = $row.node_ids, c.xs = $row.xs, c.ys = $row.ys, c.hidden = $row.hidden,
    c.note_ids = $row.note_ids, c.notes = $row.notes, c.saved_by = $row.saved_by,
    c.saved_at = $row.saved_at, c.saved_agreement = $row.saved_agreement
RETURN c.chart_id AS chart_id
