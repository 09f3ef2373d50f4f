// description: Merge shared Address nodes (agency-independent key). The first load that
//   creates one keeps its provenance; later loads only fill properties still missing and
//   record themselves as last_load_run_id. Each agency's own provenance is on LIVES_AT.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MERGE (n:Address {address_id: row.id})
ON CREATE SET n.source_agency = $agency, n.source_record_id = row.source_record_id,
              n.load_run_id = $run_id, n.loaded_at = $loaded_at
SET n.line1 = coalesce(n.line1, row.props.line1),
    n.building = coalesce(n.building, row.props.building),
    n.town = coalesce(n.town, row.props.town),
    n.postcode = coalesce(n.postcode, row.props.postcode),
    n.uprn = coalesce(n.uprn, row.props.uprn),
    n.last_load_run_id = $run_id
