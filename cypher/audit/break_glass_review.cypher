// description: An admin marks a break-glass session reviewed, with their verdict.
// params: [break_glass_id, reviewer, verdict, at]
MATCH (b:BreakGlass {break_glass_id: $break_glass_id})
SET b.reviewed = true, b.reviewed_by = $reviewer, b.verdict = $verdict, b.reviewed_at = $at
RETURN b.break_glass_id AS break_glass_id
