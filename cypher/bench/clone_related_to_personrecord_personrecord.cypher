// description: Benchmark only - copy base RELATED_TO relationships (PersonRecord -> PersonRecord) between the
//   '~k' copies made by bench/clone_nodes. Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:PersonRecord)-[r:RELATED_TO]->(b:PersonRecord)
WHERE NOT a.record_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, r, b, k) {
  MATCH (a2:PersonRecord {record_id: a.record_id + '~' + toString(k)})
  MATCH (b2:PersonRecord {record_id: b.record_id + '~' + toString(k)})
  CREATE (a2)-[r2:RELATED_TO]->(b2)
  SET r2 = properties(r)
} IN TRANSACTIONS OF 20000 ROWS
