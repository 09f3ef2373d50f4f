// description: PersonRecords and Events per loader source and Event category.
// params: []
MATCH (n) WHERE n:PersonRecord OR n:Event
RETURN labels(n)[0] AS label, n.source AS source, n.category AS category, count(*) AS count
