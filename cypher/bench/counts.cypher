// description: Benchmark only - node counts of the labels that size a pattern run, and how many
//   people are base (not '~k' clones made by bench/clone_nodes), so a run knows its multiple.
// params: []
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:Person) WHERE NOT n.person_id CONTAINS '~' RETURN count(n) AS base_persons }
CALL () { MATCH (n:PersonRecord) RETURN count(n) AS records }
CALL () { MATCH (n:Event) RETURN count(n) AS events }
CALL () { MATCH (n:Address) RETURN count(n) AS addresses }
RETURN persons, base_persons, records, events, addresses
