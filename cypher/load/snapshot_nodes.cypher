// description: Every node (labels and properties) except schema records, for comparing two
//   graphs exactly (tests of idempotent and interrupted loads).
// params: []
MATCH (n) WHERE NOT n:SchemaMigration
RETURN labels(n) AS labels, properties(n) AS props
