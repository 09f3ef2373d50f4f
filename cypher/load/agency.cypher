// description: Make sure the Agency nodes exist (names and kinds from vocabulary.yml).
// params: [rows, run_id, loaded_at]
UNWIND $rows AS row
MERGE (a:Agency {agency_id: row.agency_id})
ON CREATE SET a.source_agency = row.agency_id, a.source_record_id = row.agency_id,
              a.load_run_id = $run_id, a.loaded_at = $loaded_at
SET a.name = row.name, a.kind = row.kind
