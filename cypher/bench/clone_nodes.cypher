// description: Benchmark only - copy every base node of one label (keys without '~') $copies
//   times, suffixing the key with '~k', to grow a realistic graph from a loaded and resolved
//   one. Auto-commit (CALL IN TRANSACTIONS). Never run on real data.
// params: [label, key, first, copies]
MATCH (n:$($label))
WHERE NOT n[$key] CONTAINS '~'
UNWIND range($first, $copies) AS k
CALL (n, k) {
  // the label goes on last: with it first, copying the base key trips its unique constraint
  CREATE (m)
  SET m = properties(n)
  SET m[$key] = n[$key] + '~' + toString(k)
  SET m:$($label)
} IN TRANSACTIONS OF 20000 ROWS
