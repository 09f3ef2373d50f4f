// description: Merge shared Organisation nodes (schools, GP practices, hospitals; keyed by kind +
//   code). The first load keeps its provenance; later loads fill missing properties only.
// params: [rows, agency, run_id, loaded_at, source]
UNWIND $rows AS row
MERGE (n:Organisation {org_id: row.id})
ON CREATE SET n.source_agency = $agency, n.source_record_id = row.source_record_id,
              n.load_run_id = $run_id, n.loaded_at = $loaded_at
SET n.kind = coalesce(n.kind, row.props.kind),
    n.code = coalesce(n.code, row.props.code),
    n.name = coalesce(n.name, row.props.name),
    n.last_load_run_id = $run_id
