// description: Warm-up (read only) - read every node of one label whole - its node record,
//   every property (strings and arrays too) and its relationship chain or groups (the degree),
//   so the page cache holds what the pages and patterns read. The label comes from the
//   warm-up's fixed list, never from user input.
// params: [label]
MATCH (n:$($label))
RETURN count(n) AS items, sum(size(keys(properties(n)))) AS properties,
       sum(COUNT { (n)--() }) AS links
