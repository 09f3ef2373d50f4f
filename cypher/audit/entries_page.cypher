// description: Audit entries in sequence order, one keyset page at a time (for `audit verify`).
// params: [after, limit]
MATCH (e:AuditEntry)
WHERE e.seq > coalesce($after, 0)
RETURN e.seq AS seq, properties(e) AS entry
ORDER BY e.seq
LIMIT $limit
