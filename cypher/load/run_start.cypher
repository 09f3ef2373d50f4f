// description: Start (or restart) a LoadRun. The id is a hash of source, file checksum and
//   mapping checksum, so rerunning the same file after a crash continues the same run; the
//   attempt counter goes up and counts are reset until this attempt ends.
// params: [run_id, source, agency, file, checksum, mapping_checksum, started_at, pid, host, quarantine_file]
MERGE (r:LoadRun {run_id: $run_id})
ON CREATE SET r.attempts = 0, r.loaded_at = $started_at, r.load_run_id = $run_id,
              r.source_agency = $agency, r.source_record_id = $file
SET r.source = $source, r.agency = $agency, r.file = $file, r.checksum = $checksum,
    r.mapping_checksum = $mapping_checksum, r.started_at = $started_at, r.ended_at = null,
    r.status = 'running', r.error = null, r.attempts = r.attempts + 1,
    r.pid = $pid, r.host = $host, r.quarantine_file = $quarantine_file
RETURN r.attempts AS attempts
