// description: Record how a LoadRun attempt ended (status, counts, error). physical_count is
//   the file's own line (or row) count; accounted_count what header, blanks and rows covered.
// params: [run_id, status, ended_at, rows_read, rows_loaded, rows_quarantined, nodes_created, relationships_created, physical_count, accounted_count, physical_unit, error, warnings, quarantine_file]
MATCH (r:LoadRun {run_id: $run_id})
SET r.status = $status, r.ended_at = $ended_at, r.rows_read = $rows_read,
    r.rows_loaded = $rows_loaded, r.rows_quarantined = $rows_quarantined,
    r.nodes_created = $nodes_created, r.relationships_created = $relationships_created,
    r.physical_count = $physical_count, r.accounted_count = $accounted_count,
    r.physical_unit = $physical_unit,
    r.error = $error, r.warnings = $warnings, r.quarantine_file = $quarantine_file
