// description: Add a plain-text comment to a flag as a FlagComment (author, time, text) linked
//   to it. MERGE on the stable comment_id, so a form sent twice adds one comment.
// params: [flag_id, comment_id, text, who, at]
MATCH (f:Flag {flag_id: $flag_id})
MERGE (c:FlagComment {comment_id: $comment_id})
  ON CREATE SET c.flag_id = $flag_id, c.text = $text, c.who = $who, c.at = $at
MERGE (f)-[:HAS_COMMENT]->(c)
RETURN c {.*} AS comment, c.at = $at AS created
