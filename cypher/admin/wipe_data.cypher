// description: Delete every node and relationship except schema migration records and the
//   access-control records (user accounts, the append-only audit trail and its head, break-glass
//   sessions) - wiping the graph must never erase the evidence of who saw what. In batches;
//   constraints and indexes stay. Auto-commit only (CALL IN TRANSACTIONS).
// params: []
MATCH (n)
WHERE NOT (n:SchemaMigration OR n:AuditEntry OR n:AuditHead OR n:User OR n:BreakGlass
           OR n:Session)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
