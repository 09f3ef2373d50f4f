// description: One past the highest internal node id and relationship id in use - how far the
//   fingerprint's id pages must go (0 for an empty graph).
// params: []
CALL { MATCH (n) RETURN coalesce(max(id(n)), -1) + 1 AS nodes }
CALL { MATCH ()-[r]->() RETURN coalesce(max(id(r)), -1) + 1 AS relationships }
RETURN nodes, relationships
