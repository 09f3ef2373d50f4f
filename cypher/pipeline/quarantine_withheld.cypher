// description: How many quarantined rows matching the filters belong to agencies the agreement
//   does not show (counted, never listed) - the quarantine browser's withheld notice.
// access: agreement
// params: [source, run_id, visible_agencies]
MATCH (l:LoadRun)-[:QUARANTINED]->(q:QuarantinedRow)
WHERE NOT q.source_agency IN $visible_agencies
OPTIONAL MATCH (r:PipelineRun)-[:INCLUDED]->(l)
WITH q, l, collect(r) AS runs
WHERE ($source IS NULL OR any(r IN runs WHERE r.source = $source))
  AND ($run_id IS NULL OR l.run_id = $run_id OR any(r IN runs WHERE r.run_id = $run_id))
RETURN count(q) AS withheld
