// description: Assign a flag (or clear its assignee) and set its due date, appending the change
//   as a FlagAssignment (who, when, from and to assignee and due date). MERGE on the stable
//   assignment_id, so the same request sent twice records one change.
// params: [flag_id, assignment_id, assignee, due_date, who, at]
MATCH (f:Flag {flag_id: $flag_id})
MERGE (a:FlagAssignment {assignment_id: $assignment_id})
  ON CREATE SET a.flag_id = $flag_id, a.pattern_id = f.pattern_id,
                a.from_assignee = f.assignee, a.from_due_date = f.due_date,
                a.assignee = $assignee, a.due_date = $due_date, a.who = $who, a.at = $at,
                f.assignee = $assignee, f.due_date = $due_date, f.assigned_by = $who,
                f.assigned_at = $at
MERGE (f)-[:HAS_ASSIGNMENT]->(a)
RETURN a {.*} AS assignment
