// description: Take the audit chain's head with an exclusive write lock, so concurrent appends
//   queue up and each entry's hash covers exactly one predecessor. The head is MATCHed (no lock
//   taken by the read) and locked by SET, so two appenders never both hold a shared lock and
//   deadlock upgrading it; only the very first append MERGEs it into existence.
// params: [genesis]
OPTIONAL MATCH (existing:AuditHead {head_id: 'audit'})
CALL (existing) {
  WITH existing WHERE existing IS NULL
  MERGE (h:AuditHead {head_id: 'audit'})
    ON CREATE SET h.seq = 0, h.hash = $genesis
  RETURN h
  UNION
  WITH existing WHERE existing IS NOT NULL
  RETURN existing AS h
}
SET h.locked_at = datetime()
RETURN h.seq AS seq, h.hash AS hash
