// description: Quarantined rows of every load - those a source's pipeline runs included and
//   those run by hand (touchpoint load), which have no pipeline run and show as the load's own
//   source, marked "(touchpoint load)". Keyset-paginated on row_id; $source null means any;
//   $run_id matches a pipeline run id or a load run id, null means any. Raw rows are
//   person-level data, read under the agreement - only agencies it shows, and the raw text and
//   the refusal reason (which quotes values) only where it grants the raw_row detail for that
//   agency - else the agency's withheld notice. Needs a purpose (the caller audits the view).
// access: agreement
// purpose: required
// params: [source, run_id, after, limit, visible_agencies, visible_fields, withheld_text]
MATCH (l:LoadRun)-[:QUARANTINED]->(q:QuarantinedRow)
WHERE ($after IS NULL OR q.row_id > $after) AND q.source_agency IN $visible_agencies
OPTIONAL MATCH (r:PipelineRun)-[:INCLUDED]->(l)
WITH q, l, r ORDER BY r.started_at DESC
WITH q, l, collect(r) AS runs
WHERE ($source IS NULL OR any(r IN runs WHERE r.source = $source))
  AND ($run_id IS NULL OR l.run_id = $run_id OR any(r IN runs WHERE r.run_id = $run_id))
WITH q, l, runs, 'raw_row' IN coalesce($visible_fields[q.source_agency], []) AS granted
RETURN q.row_id AS row_id,
       coalesce(head(runs).source, l.source + ' (touchpoint load)') AS source,
       head(runs).run_id AS pipeline_run_id,
       l.run_id AS load_run_id, l.file AS file, q.line AS line, q.source_agency AS agency,
       CASE WHEN granted THEN q.reason ELSE $withheld_text[q.source_agency] END AS reason,
       CASE WHEN granted THEN q.raw ELSE $withheld_text[q.source_agency] END AS raw
ORDER BY row_id
LIMIT $limit
