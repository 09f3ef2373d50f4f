// description: Record rows a load refused, with why, linked to the LoadRun (raw text up to
//   loaders.load.RAW_LIMIT, raw_length its full length, first/last_line the physical lines).
//   row_id hashes the run and row number, so a rerun after a crash never duplicates a row.
// params: [rows, agency, run_id, loaded_at, source]
MATCH (run:LoadRun {run_id: $run_id})
UNWIND $rows AS row
MERGE (q:QuarantinedRow {row_id: row.row_id})
ON CREATE SET q.loaded_at = $loaded_at
SET q.load_run_id = $run_id, q.source = $source, q.line = row.line, q.reason = row.reason,
    q.raw = row.raw, q.raw_length = row.raw_length, q.first_line = row.first_line,
    q.last_line = row.last_line, q.source_agency = $agency, q.source_record_id = row.source_record_id
MERGE (run)-[r:QUARANTINED]->(q)
ON CREATE SET r.source_agency = $agency, r.source_record_id = row.source_record_id,
              r.load_run_id = $run_id, r.loaded_at = $loaded_at
