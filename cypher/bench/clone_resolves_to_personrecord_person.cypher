// description: Benchmark only - copy base RESOLVES_TO relationships (PersonRecord -> Person) between the
//   '~k' copies made by bench/clone_nodes. Auto-commit. Never run on real data.
// params: [first, copies]
MATCH (a:PersonRecord)-[r:RESOLVES_TO]->(b:Person)
WHERE NOT a.record_id CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (a, r, b, k) {
  MATCH (a2:PersonRecord {record_id: a.record_id + '~' + toString(k)})
  MATCH (b2:Person {person_id: b.person_id + '~' + toString(k)})
  CREATE (a2)-[r2:RESOLVES_TO]->(b2)
  SET r2 = properties(r)
} IN TRANSACTIONS OF 20000 ROWS
