// description: Benchmark only - link the '~k' copies of PersonRecord to their (shared) Agency.
//   Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:PersonRecord)-[:RECORDED_BY]->(ag:Agency)
WHERE NOT a.record_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, ag, k) {
  MATCH (a2:PersonRecord {record_id: a.record_id + '~' + toString(k)})
  CREATE (a2)-[:RECORDED_BY]->(ag)
} IN TRANSACTIONS OF 20000 ROWS
