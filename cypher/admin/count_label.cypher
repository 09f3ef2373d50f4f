// description: Node count for one label, from the count store (label passed as a parameter).
// params: [label]
MATCH (n:$($label)) RETURN count(n) AS count
