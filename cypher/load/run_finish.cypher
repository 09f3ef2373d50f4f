// description: Record how a LoadRun attempt ended (status, counts, error).
// params: [run_id, status, ended_at, rows_read, rows_loaded, rows_quarantined, nodes_created, relationships_created, error, warnings, quarantine_file]
MATCH (r:LoadRun {run_id: $run_id})
SET r.status = $status, r.ended_at = $ended_at, r.rows_read = $rows_read,
    r.rows_loaded = $rows_loaded, r.rows_quarantined = $rows_quarantined,
    r.nodes_created = $nodes_created, r.relationships_created = $relationships_created,
    r.error = $error, r.warnings = $warnings, r.quarantine_file = $quarantine_file
