// description: Append one audit entry (its hash already computed over the previous one) and move
//   the head to it, in the transaction that locked the head. Entries are never updated.
// params: [entry]
MATCH (h:AuditHead {head_id: 'audit'})
CREATE (e:AuditEntry)
SET e = $entry, h.seq = $entry.seq, h.hash = $entry.hash
RETURN e.seq AS seq, e.entry_id AS entry_id
