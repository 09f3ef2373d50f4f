// description: Quarantined rows of every load - those a source's pipeline runs included and
//   those run by hand (touchpoint load), which have no pipeline run and show as the load's own
//   source, marked "(touchpoint load)". Keyset-paginated on row_id; $source null means any;
//   $run_id matches a pipeline run id or a load run id, null means any.
// params: [source, run_id, after, limit]
MATCH (l:LoadRun)-[:QUARANTINED]->(q:QuarantinedRow)
WHERE $after IS NULL OR q.row_id > $after
OPTIONAL MATCH (r:PipelineRun)-[:INCLUDED]->(l)
WITH q, l, r ORDER BY r.started_at DESC
WITH q, l, collect(r) AS runs
WHERE ($source IS NULL OR any(r IN runs WHERE r.source = $source))
  AND ($run_id IS NULL OR l.run_id = $run_id OR any(r IN runs WHERE r.run_id = $run_id))
RETURN q.row_id AS row_id,
       coalesce(head(runs).source, l.source + ' (touchpoint load)') AS source,
       head(runs).run_id AS pipeline_run_id,
       l.run_id AS load_run_id, l.file AS file, q.line AS line, q.reason AS reason, q.raw AS raw
ORDER BY row_id
LIMIT $limit
