// description: Scheduled pipeline - per-source run locks, pipeline runs and their steps,
//   the files each source has picked up (by checksum) and the scheduler's heartbeat.

CREATE CONSTRAINT pipeline_lock_source IF NOT EXISTS
FOR (n:PipelineLock) REQUIRE n.source IS UNIQUE;

CREATE CONSTRAINT pipeline_run_id IF NOT EXISTS
FOR (n:PipelineRun) REQUIRE n.run_id IS UNIQUE;

CREATE CONSTRAINT pipeline_step_id IF NOT EXISTS
FOR (n:PipelineStep) REQUIRE n.step_id IS UNIQUE;

CREATE CONSTRAINT source_file_id IF NOT EXISTS
FOR (n:SourceFile) REQUIRE n.file_id IS UNIQUE;

CREATE CONSTRAINT scheduler_heartbeat_id IF NOT EXISTS
FOR (n:SchedulerHeartbeat) REQUIRE n.scheduler_id IS UNIQUE;

CREATE INDEX pipeline_run_source IF NOT EXISTS FOR (n:PipelineRun) ON (n.source);
CREATE INDEX pipeline_run_started IF NOT EXISTS FOR (n:PipelineRun) ON (n.started_at);
CREATE INDEX pipeline_run_status IF NOT EXISTS FOR (n:PipelineRun) ON (n.status);
CREATE INDEX source_file_source IF NOT EXISTS FOR (n:SourceFile) ON (n.source);
