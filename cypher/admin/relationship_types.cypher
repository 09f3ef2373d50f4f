// description: Relationship types in use.
// params: []
CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS type ORDER BY type
