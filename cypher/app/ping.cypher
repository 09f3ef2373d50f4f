// description: Cheapest possible read - does the graph answer? (the app's status banner)
// params: []
RETURN 1 AS ok
