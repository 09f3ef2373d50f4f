// description: Record that a schema migration has been applied.
// params: [version, name, checksum]
MERGE (m:SchemaMigration {version: $version})
ON CREATE SET m.applied_at = datetime()
SET m.name = $name, m.checksum = $checksum
