// description: First half of a wipe - delete, in batches, every relationship that touches a node
//   the wipe will delete, so no single transaction has to detach a node with hundreds of thousands
//   of relationships (an Agency node of a large load would exceed the transaction memory).
//   Relationships among kept records (users, audit trail, break-glass, migrations) stay.
//   Auto-commit only (CALL IN TRANSACTIONS).
// params: []
MATCH (a)-[r]->(b)
WHERE NOT (a:SchemaMigration OR a:AuditEntry OR a:AuditHead OR a:User OR a:BreakGlass)
   OR NOT (b:SchemaMigration OR b:AuditEntry OR b:AuditHead OR b:User OR b:BreakGlass)
CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS
