// Optimal 2-D assignment: minimum-cost matching of every row of an n x m cost
// matrix (n <= m) to a distinct column.
//
// Method: the shortest augmenting path algorithm of Jonker & Volgenant
// ("A shortest augmenting path algorithm for dense and sparse linear
// assignment problems", Computing 38, 1987), in the rectangular form of
// Crouse ("On implementing 2D rectangular assignment algorithms", IEEE
// Trans. AES 52(4), 2016, Algorithm 1): rows are added one at a time, each by
// a Dijkstra search on reduced costs with dual variables u (rows) and
// v (columns), so the result is exactly optimal. O(n^2 m) time.
// Infinite entries are forbidden pairings; when no complete assignment
// avoids them the result is infeasible. Costs must be finite or +infinity.
// Exact against brute-force enumeration in test Assignment.MatchesBruteForce.
//
// The workspace holds every buffer, so repeated solves (one per cluster per
// scan) allocate nothing once it has grown to the largest problem.
#pragma once

#include <vector>

namespace bulwark::tracking {

struct AssignmentWorkspace {
  std::vector<double> u, v, shortest;
  std::vector<int> path, col4row, row4col, remaining;
  std::vector<char> row_done, col_done;
};

struct AssignmentResult {
  bool feasible = false;
  double cost = 0.0;  // sum of the chosen entries (when feasible)
};

// cost: row-major n x m (n <= m). On success row_to_col[i] is the column of
// row i. Throws DomainError when n > m or an entry is NaN or -infinity.
AssignmentResult solve_assignment(const double* cost, int n, int m, int* row_to_col,
                                  AssignmentWorkspace& ws);

}  // namespace bulwark::tracking
