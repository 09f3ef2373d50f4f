// description: Every node (labels and properties) except schema records and locks (who held
//   a source when - coordination, not content), for comparing two graphs exactly (tests of
//   idempotent and interrupted loads).
// params: []
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:PipelineLock
RETURN labels(n) AS labels, properties(n) AS props
