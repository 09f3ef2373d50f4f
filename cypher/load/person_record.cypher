// description: Upsert PersonRecords from one batch of a load (the owning agency's own record).
//   Properties are SET (a reload of the same data changes nothing); provenance is the load's;
//   loaded_at is kept from first creation. RECORDED_BY links the record to its agency.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MERGE (n:PersonRecord {record_id: row.id})
ON CREATE SET n.loaded_at = $loaded_at
SET n += row.props,
    n.source_agency = $agency, n.source_record_id = row.source_record_id,
    n.load_run_id = $run_id, n.source = $source
REMOVE n.stub
WITH n
MATCH (agency:Agency {agency_id: $agency})
MERGE (n)-[r:RECORDED_BY]->(agency)
ON CREATE SET r.source_agency = $agency, r.source_record_id = n.source_record_id,
              r.load_run_id = $run_id, r.loaded_at = $loaded_at
