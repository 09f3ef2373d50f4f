// description: Benchmark only - copy base OCCURRED_AT relationships (Event -> Organisation) between the
//   '~k' copies made by bench/clone_nodes. Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:Event)-[r:OCCURRED_AT]->(b:Organisation)
WHERE NOT a.event_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, r, b, k) {
  MATCH (a2:Event {event_id: a.event_id + '~' + toString(k)})
  MATCH (b2:Organisation {org_id: b.org_id + '~' + toString(k)})
  CREATE (a2)-[r2:OCCURRED_AT]->(b2)
  SET r2 = properties(r)
} IN TRANSACTIONS OF 20000 ROWS
