// description: LoadRuns still marked running (a live load, or one whose process died).
// params: []
MATCH (r:LoadRun {status: 'running'})
RETURN r.run_id AS run_id, r.pid AS pid, r.host AS host, r.source AS source
