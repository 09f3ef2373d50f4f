// description: Saved explorer charts (issue 16) - one node per chart, keyed by a stable hash of
//   its case reference and title; it holds node ids, positions, hidden nodes and notes, never a
//   person's details (reopening re-reads the network under the opener's agreement).

CREATE CONSTRAINT chart_id IF NOT EXISTS
FOR (n:Chart) REQUIRE n.chart_id IS UNIQUE;

CREATE INDEX chart_case IF NOT EXISTS FOR (n:Chart) ON (n.case_reference);
