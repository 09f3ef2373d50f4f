// description: Record a break-glass session (who, role, why, until when), flagged for review.
// params: [row]
MERGE (b:BreakGlass {break_glass_id: $row.break_glass_id})
  ON CREATE SET b += $row, b.reviewed = false
RETURN b.break_glass_id AS break_glass_id
