// description: Record one pattern run (parameters, counts, timings) for audit and accuracy.
// params: [run]
CREATE (r:PatternRun)
SET r = $run
