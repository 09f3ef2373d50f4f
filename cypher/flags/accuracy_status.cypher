// description: Flags per pattern by current review status.
// params: []
MATCH (f:Flag)
RETURN f.pattern_id AS pattern_id, f.status AS status, count(*) AS flags
