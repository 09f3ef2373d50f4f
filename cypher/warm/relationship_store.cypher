// description: Warm-up (read only) - read every relationship of one type whole (record and
//   properties - RESOLVES_TO's evidence, LIVES_AT's dates …). The type comes from the warm-up's
//   fixed list, never from user input.
// params: [type]
MATCH ()-[r:$($type)]->()
RETURN count(r) AS items, sum(size(keys(properties(r)))) AS properties
