// description: Make sure referenced Events exist (e.g. the incident a notification
//   refers to). An absent record is created as a stub with this load's provenance and
//   stub = true; an existing record is left exactly as it is.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MERGE (n:Event {event_id: row.id})
ON CREATE SET n += row.props, n.stub = true,
              n.source_agency = $agency, n.source_record_id = row.source_record_id,
              n.load_run_id = $run_id, n.loaded_at = $loaded_at, n.source = $source
WITH n
MATCH (agency:Agency {agency_id: $agency})
MERGE (n)-[r:RECORDED_BY]->(agency)
ON CREATE SET r.source_agency = $agency, r.source_record_id = n.source_record_id,
              r.load_run_id = $run_id, r.loaded_at = $loaded_at
