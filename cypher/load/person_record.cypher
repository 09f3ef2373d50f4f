// description: Upsert PersonRecords from one batch of a load (the owning agency's own record).
//   Properties are SET (a reload of the same data changes nothing); provenance is the load's;
//   loaded_at is kept from first creation. dq_notes (values dropped or doubted, row kept) are
//   gathered over the rows of one run that touch the node, replaced by the next run's.
//   RECORDED_BY links the record to its agency.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MERGE (n:PersonRecord {record_id: row.id})
ON CREATE SET n.loaded_at = $loaded_at
WITH n, row, CASE WHEN n.load_run_id = $run_id THEN coalesce(n.dq_notes, []) ELSE [] END AS kept
WITH n, row, kept + [x IN coalesce(row.dq_notes, []) WHERE NOT x IN kept] AS dq
SET n += row.props,
    n.dq_notes = CASE WHEN size(dq) = 0 THEN null ELSE dq END,
    n.source_agency = $agency, n.source_record_id = row.source_record_id,
    n.load_run_id = $run_id, n.source = $source
REMOVE n.stub
WITH n
MATCH (agency:Agency {agency_id: $agency})
MERGE (n)-[r:RECORDED_BY]->(agency)
ON CREATE SET r.source_agency = $agency, r.source_record_id = n.source_record_id,
              r.load_run_id = $run_id, r.loaded_at = $loaded_at
