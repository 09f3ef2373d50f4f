// description: Point each record at its Person with why (probability, method, evidence JSON).
//   A record moving person loses its old link; method 'kept' moves the old explanation along.
//   Index hints because Person nodes were created a moment ago, before the planner's statistics.
// params: [rows, run_id]
UNWIND $rows AS row
MATCH (r:PersonRecord {record_id: row.record_id}) USING INDEX r:PersonRecord(record_id)
MATCH (p:Person {person_id: row.person_id}) USING INDEX p:Person(person_id)
CALL (r, row) {
  // A pattern comprehension always expands from the bound record: an OPTIONAL MATCH on
  // (o:Person) let the planner scan every Person per row when statistics were stale.
  WITH [(r)-[old:RESOLVES_TO]->(o) WHERE o.person_id <> row.person_id | old] AS olds
  WITH olds, [x IN olds | properties(x)] AS props
  FOREACH (x IN olds | DELETE x)
  RETURN head(props) AS previous
}
MERGE (r)-[link:RESOLVES_TO]->(p)
SET link += CASE WHEN row.method = 'kept' AND previous IS NOT NULL THEN previous
                 ELSE {probability: row.probability, method: row.method,
                       evidence: row.evidence, via_record_id: row.via} END,
    link.fingerprint = row.fingerprint, link.run_id = $run_id, link.linked_at = datetime()
