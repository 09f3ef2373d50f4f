// description: Open a resolution run (its settings recorded for reproducibility).
// params: [run_id, mode, settings_json]
CREATE (run:ResolutionRun {run_id: $run_id, mode: $mode, settings_json: $settings_json,
                           status: 'running', started_at: datetime()})
