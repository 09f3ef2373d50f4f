// description: Constraints and indexes, for `touchpoint db status` and tests.
// params: []
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state
RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint, state
ORDER BY name
