// description: Benchmark only - copy every base node of one label (keys without '~') $copies
//   times, suffixing the key with '~k', to grow a realistic graph from a loaded and resolved
//   one. Auto-commit (CALL IN TRANSACTIONS). Never run on real data.
// params: [label, key, copies]
MATCH (n:$($label))
WHERE NOT n[$key] CONTAINS '~'
UNWIND range(1, $copies) AS k
CALL (n, k) {
  CREATE (m:$($label))
  SET m = properties(n)
  SET m[$key] = n[$key] + '~' + toString(k)
} IN TRANSACTIONS OF 20000 ROWS
