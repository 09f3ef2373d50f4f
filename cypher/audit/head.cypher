// description: The audit chain's head - the last sequence number and hash (none before the
//   first entry). `audit verify` compares it with the last entry, so a cut tail shows.
// params: []
OPTIONAL MATCH (h:AuditHead {head_id: 'audit'})
RETURN h.seq AS seq, h.hash AS hash
