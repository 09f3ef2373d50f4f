// description: Delete every node and relationship except schema migration records, in batches.
//   Constraints and indexes stay. Auto-commit only (CALL IN TRANSACTIONS).
// params: []
MATCH (n) WHERE NOT n:SchemaMigration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
