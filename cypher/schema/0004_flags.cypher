// description: Red flags raised by saved patterns, their review history and pattern runs.
//   Flag ids are stable hashes of (pattern, person, evidence) so a rerun MERGEs the same flag;
//   reviews are append-only FlagReview nodes (nothing is ever deleted).

CREATE CONSTRAINT flag_id IF NOT EXISTS
FOR (n:Flag) REQUIRE n.flag_id IS UNIQUE;

CREATE CONSTRAINT flag_review_id IF NOT EXISTS
FOR (n:FlagReview) REQUIRE n.review_id IS UNIQUE;

CREATE CONSTRAINT pattern_run_id IF NOT EXISTS
FOR (n:PatternRun) REQUIRE n.run_id IS UNIQUE;

CREATE INDEX flag_pattern IF NOT EXISTS FOR (n:Flag) ON (n.pattern_id);
CREATE INDEX flag_status IF NOT EXISTS FOR (n:Flag) ON (n.status);
CREATE INDEX flag_person IF NOT EXISTS FOR (n:Flag) ON (n.person_id);
CREATE INDEX flag_review_at IF NOT EXISTS FOR (n:FlagReview) ON (n.at);
CREATE INDEX pattern_run_pattern IF NOT EXISTS FOR (n:PatternRun) ON (n.pattern_id);
