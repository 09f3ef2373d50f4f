// description: Benchmark only - link the '~k' copies of Event to their (shared) Agency.
//   Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:Event)-[:RECORDED_BY]->(ag:Agency)
WHERE NOT a.event_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, ag, k) {
  MATCH (a2:Event {event_id: a.event_id + '~' + toString(k)})
  CREATE (a2)-[:RECORDED_BY]->(ag)
} IN TRANSACTIONS OF 20000 ROWS
