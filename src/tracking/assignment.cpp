#include "tracking/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"

namespace bulwark::tracking {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Dijkstra from row `start` over the reduced costs; returns the free column
// that ends the shortest augmenting path (or -1) and its length in min_val.
int augmenting_path(const double* cost, int m, int start, AssignmentWorkspace& ws,
                    double& min_val) {
  min_val = 0.0;
  int num_remaining = m;
  for (int j = 0; j < m; ++j) {
    ws.remaining[static_cast<std::size_t>(j)] = m - 1 - j;
    ws.shortest[static_cast<std::size_t>(j)] = kInf;
    ws.col_done[static_cast<std::size_t>(j)] = 0;
  }
  std::fill(ws.row_done.begin(), ws.row_done.end(), 0);
  int i = start;
  int sink = -1;
  while (sink == -1) {
    ws.row_done[static_cast<std::size_t>(i)] = 1;
    int index = -1;
    double lowest = kInf;
    const double* row = cost + static_cast<std::ptrdiff_t>(i) * m;
    for (int it = 0; it < num_remaining; ++it) {
      const auto j = static_cast<std::size_t>(ws.remaining[static_cast<std::size_t>(it)]);
      const double r = min_val + row[j] - ws.u[static_cast<std::size_t>(i)] - ws.v[j];
      if (r < ws.shortest[j]) {
        ws.path[j] = i;
        ws.shortest[j] = r;
      }
      if (ws.shortest[j] < lowest || (ws.shortest[j] == lowest && ws.row4col[j] == -1)) {
        lowest = ws.shortest[j];
        index = it;
      }
    }
    min_val = lowest;
    if (index < 0 || min_val == kInf) return -1;
    const int j = ws.remaining[static_cast<std::size_t>(index)];
    if (ws.row4col[static_cast<std::size_t>(j)] == -1)
      sink = j;
    else
      i = ws.row4col[static_cast<std::size_t>(j)];
    ws.col_done[static_cast<std::size_t>(j)] = 1;
    ws.remaining[static_cast<std::size_t>(index)] =
        ws.remaining[static_cast<std::size_t>(--num_remaining)];
  }
  return sink;
}

}  // namespace

AssignmentResult solve_assignment(const double* cost, int n, int m, int* row_to_col,
                                  AssignmentWorkspace& ws) {
  if (n < 0 || m < 0 || n > m)
    throw DomainError("assignment needs rows <= columns, got " + std::to_string(n) + " x " +
                      std::to_string(m));
  for (long k = 0; k < static_cast<long>(n) * m; ++k)
    if (std::isnan(cost[k]) || cost[k] == -kInf)
      throw DomainError("assignment cost entry is NaN or -infinity");
  const auto un = static_cast<std::size_t>(n), um = static_cast<std::size_t>(m);
  ws.u.assign(un, 0.0);
  ws.v.assign(um, 0.0);
  ws.shortest.resize(um);
  ws.path.assign(um, -1);
  ws.col4row.assign(un, -1);
  ws.row4col.assign(um, -1);
  ws.remaining.resize(um);
  ws.row_done.resize(un);
  ws.col_done.resize(um);

  AssignmentResult result;
  for (int cur = 0; cur < n; ++cur) {
    double min_val = 0.0;
    const int sink = augmenting_path(cost, m, cur, ws, min_val);
    if (sink < 0) return result;  // infeasible
    // Update the duals (Crouse 2016, Algorithm 1, steps 4-5).
    ws.u[static_cast<std::size_t>(cur)] += min_val;
    for (std::size_t i = 0; i < un; ++i)
      if (ws.row_done[i] && static_cast<int>(i) != cur)
        ws.u[i] += min_val - ws.shortest[static_cast<std::size_t>(ws.col4row[i])];
    for (std::size_t j = 0; j < um; ++j)
      if (ws.col_done[j]) ws.v[j] -= min_val - ws.shortest[j];
    // Augment along the path back to `cur`.
    int j = sink;
    while (true) {
      const int i = ws.path[static_cast<std::size_t>(j)];
      ws.row4col[static_cast<std::size_t>(j)] = i;
      const int previous = ws.col4row[static_cast<std::size_t>(i)];
      ws.col4row[static_cast<std::size_t>(i)] = j;
      j = previous;
      if (i == cur) break;
    }
  }
  result.feasible = true;
  for (int i = 0; i < n; ++i) {
    row_to_col[i] = ws.col4row[static_cast<std::size_t>(i)];
    result.cost += cost[static_cast<std::ptrdiff_t>(i) * m + row_to_col[i]];
  }
  return result;
}

}  // namespace bulwark::tracking
