// description: The flag workflow (issue 16) - who a flag is assigned to and by when, and the
//   comments on it - append-only FlagAssignment and FlagComment nodes keyed by stable ids, so a
//   repeated request MERGEs the same node (nothing is ever deleted).

CREATE CONSTRAINT flag_assignment_id IF NOT EXISTS
FOR (n:FlagAssignment) REQUIRE n.assignment_id IS UNIQUE;

CREATE CONSTRAINT flag_comment_id IF NOT EXISTS
FOR (n:FlagComment) REQUIRE n.comment_id IS UNIQUE;

CREATE INDEX flag_assignee IF NOT EXISTS FOR (n:Flag) ON (n.assignee);
CREATE INDEX flag_due_date IF NOT EXISTS FOR (n:Flag) ON (n.due_date);
