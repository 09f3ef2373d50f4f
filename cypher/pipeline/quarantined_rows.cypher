// description: Quarantined rows of the loads a source's pipeline runs included, newest first,
//   keyset-paginated on row_id; $source / $run_id null mean any.
// params: [source, run_id, after, limit]
MATCH (r:PipelineRun)-[:INCLUDED]->(l:LoadRun)-[:QUARANTINED]->(q:QuarantinedRow)
WHERE ($source IS NULL OR r.source = $source) AND ($run_id IS NULL OR r.run_id = $run_id)
  AND ($after IS NULL OR q.row_id > $after)
RETURN DISTINCT q.row_id AS row_id, r.source AS source, r.run_id AS pipeline_run_id,
       l.run_id AS load_run_id, l.file AS file, q.line AS line, q.reason AS reason, q.raw AS raw
ORDER BY row_id
LIMIT $limit
