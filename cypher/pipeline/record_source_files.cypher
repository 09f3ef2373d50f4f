// description: Remember files as loaded (path → checksum) once their load succeeded; linked to
//   the run that loaded them. Keyed by (source, path), so a changed file updates its checksum.
// params: [source, run_id, files]
MATCH (r:PipelineRun {run_id: $run_id})
UNWIND $files AS file
MERGE (f:SourceFile {file_id: file.file_id})
SET f.source = $source, f.path = file.path, f.checksum = file.checksum, f.size = file.size,
    f.load_run_id = file.load_run_id, f.pipeline_run_id = $run_id, f.loaded_at = datetime()
MERGE (r)-[:PICKED_UP]->(f)
RETURN count(f) AS recorded
