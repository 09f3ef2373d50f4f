// description: Benchmark only - copy base REGISTERED_WITH relationships (PersonRecord -> Organisation) between the
//   '~k' copies made by bench/clone_nodes. Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:PersonRecord)-[r:REGISTERED_WITH]->(b:Organisation)
WHERE NOT a.record_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, r, b, k) {
  MATCH (a2:PersonRecord {record_id: a.record_id + '~' + toString(k)})
  MATCH (b2:Organisation {org_id: b.org_id + '~' + toString(k)})
  CREATE (a2)-[r2:REGISTERED_WITH]->(b2)
  SET r2 = properties(r)
} IN TRANSACTIONS OF 20000 ROWS
