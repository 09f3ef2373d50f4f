// description: Merge OCCURRED_AT relationships (Event -> Organisation) from one batch. Identity is rel_id (a hash
//   of type, agency, asserting record and both ends), so a reload changes nothing; each
//   relationship carries the provenance of the record that asserted it.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MATCH (a:Event {event_id: row.from_id})
MATCH (b:Organisation {org_id: row.to_id})
MERGE (a)-[r:OCCURRED_AT {rel_id: row.rel_id}]->(b)
ON CREATE SET r.loaded_at = $loaded_at
SET r += row.props,
    r.source_agency = $agency, r.source_record_id = row.source_record_id,
    r.load_run_id = $run_id
