// description: Move a flag to a new review status if it is still in the expected one, and
//   append the decision as a FlagReview (who, when, from, to, reason). Returns nothing when
//   someone else changed the flag first.
// params: [flag_id, expected, to, who, reason, at, review_id]
MATCH (f:Flag {flag_id: $flag_id})
WHERE f.status = $expected
CREATE (r:FlagReview {review_id: $review_id, flag_id: $flag_id, pattern_id: f.pattern_id,
                      from: f.status, to: $to, who: $who, reason: $reason, at: $at})
CREATE (f)-[:HAS_REVIEW]->(r)
SET f.status = $to, f.status_changed_at = $at, f.status_by = $who, f.status_reason = $reason
RETURN f.flag_id AS flag_id, r.review_id AS review_id
