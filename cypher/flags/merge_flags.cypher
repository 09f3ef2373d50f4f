// description: Write pattern hits as Flag nodes (MERGE on the stable flag_id, so a rerun on
//   unchanged data changes no identity and creates nothing), linked to the person they are
//   about and to every event and record that raised them. Status is set only on creation.
// params: [rows, run_id, now]
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MERGE (f:Flag {flag_id: row.flag_id})
  ON CREATE SET f.pattern_id = row.pattern_id, f.person_id = row.person_id, f.status = 'new',
                f.first_raised_at = $now, f.first_run_id = $run_id, f.raised_count = 0,
                f.signature = row.signature
SET f.title = row.title, f.severity = row.severity, f.score = row.score,
    f.summary = row.summary, f.evidence_json = row.evidence_json,
    f.params_json = row.params_json, f.as_of = row.as_of, f.current = true,
    f.last_raised_at = $now, f.last_run_id = $run_id, f.raised_count = f.raised_count + 1
MERGE (f)-[:ABOUT]->(p)
WITH f, row
CALL (f, row) {
  UNWIND row.event_ids AS event_id
  MATCH (e:Event {event_id: event_id})
  MERGE (f)-[:EVIDENCED_BY]->(e)
}
CALL (f, row) {
  UNWIND row.record_ids AS record_id
  MATCH (r:PersonRecord {record_id: record_id})
  MERGE (f)-[:EVIDENCED_BY]->(r)
}
