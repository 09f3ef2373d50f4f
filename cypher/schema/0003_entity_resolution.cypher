// description: Entity resolution - resolution runs (with the trained model), the review queue
//   of candidate pairs, human review decisions (respected by every later run) and lookups on
//   Person identity status (active / merged / split / retired keep their ids for history).

CREATE CONSTRAINT resolution_run_id IF NOT EXISTS
FOR (n:ResolutionRun) REQUIRE n.run_id IS UNIQUE;

CREATE CONSTRAINT review_pair_id IF NOT EXISTS
FOR (n:ReviewPair) REQUIRE n.pair_id IS UNIQUE;

CREATE CONSTRAINT review_decision_id IF NOT EXISTS
FOR (n:ReviewDecision) REQUIRE n.decision_id IS UNIQUE;

CREATE INDEX person_status IF NOT EXISTS FOR (n:Person) ON (n.status);
CREATE INDEX review_pair_status IF NOT EXISTS FOR (n:ReviewPair) ON (n.status);
CREATE INDEX review_decision_kind IF NOT EXISTS FOR (n:ReviewDecision) ON (n.kind);
CREATE INDEX resolution_run_started IF NOT EXISTS FOR (n:ResolutionRun) ON (n.started_at);
