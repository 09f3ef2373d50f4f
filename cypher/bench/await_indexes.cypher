// description: Benchmark only - wait until every index is online (a fresh migration populates
//   its indexes in the background), so a timed run never measures a half-built index.
// params: []
CALL db.awaitIndexes(3600)
