// description: Benchmark only - node counts of the labels that size a pattern run.
// params: []
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:PersonRecord) RETURN count(n) AS records }
CALL () { MATCH (n:Event) RETURN count(n) AS events }
CALL () { MATCH (n:Address) RETURN count(n) AS addresses }
RETURN persons, records, events, addresses
