// Network partitions of the federation (issue 7, docs/federation.md
// "Partitions"): one Linux network namespace per nation node, joined by
// veth pairs to one bridge in the root namespace where the world runs, and
// blackhole routes that cut nation groups from each other while the world
// still reaches everyone. Everything goes through iproute2 (`ip`), as root.
//
//   root namespace:  bridge bwb<pid> 10.77.X.1/24 (the world)
//   per node i:      namespace bulwark-<pid>-<i>, veth bwv<pid>-<i> (bridge
//                    port) <-> bwp<pid>-<i> 10.77.X.(i+2)/24, lo up
//
// Names carry federate's pid, so parallel runs never clash; a leftover of a
// run whose process is gone is removed before a new topology is built.
#pragma once

#include <string>
#include <vector>

namespace bulwark::net {

// `--partition A,B|C,D@T1-T2`: nation groups cut from each other from sim
// time T1 to T2. Nations named in no group stay connected to every group.
struct PartitionSpec {
  std::vector<std::vector<std::string>> groups;  // at least two, disjoint, non-empty
  double from_s = 0.0, to_s = 0.0;
};
// Throws InputError (field `field`) when the text is malformed or names a
// nation not in `nations` (or one twice).
PartitionSpec parse_partition(const std::string& text, const std::vector<std::string>& nations,
                              const std::string& field = "--partition");

// What the world applies: in each cut namespace, blackhole routes to the
// addresses of every node of another group, added at the first cycle with
// sim time >= from_s and deleted at the first with sim time >= to_s.
struct PartitionPlan {
  struct Cut {
    std::string netns;
    std::vector<std::string> addresses;  // blackholed, each as /32
  };
  double from_s = 0.0, to_s = 0.0;
  std::vector<Cut> cuts;

  // "T1;T2;NS=a,b;NS=c" (the world's hidden --partition-plan) and back;
  // parse throws InputError on malformed text.
  std::string to_string() const;
  static PartitionPlan parse(const std::string& text);
  std::size_t routes() const;
};

// Adds (cut) or deletes (heal) the plan's routes; throws DomainError with
// ip's message when a command fails.
void apply_partition(const PartitionPlan& plan, bool cut);

// The namespaces, veths and bridge of one federate run; built by the
// constructor, torn down by the destructor (also on error or interruption).
class NetnsTopology {
 public:
  struct Node {
    std::string nation, netns, veth, address;
  };

  // One namespace per nation in this order. Throws DomainError (after
  // removing whatever it built) when a step fails, e.g. not root.
  explicit NetnsTopology(const std::vector<std::string>& nations);
  ~NetnsTopology();
  NetnsTopology(const NetnsTopology&) = delete;
  NetnsTopology& operator=(const NetnsTopology&) = delete;

  const std::string& bridge() const { return bridge_; }
  const std::string& world_address() const { return world_address_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  // The world's and every node's address: each process's discovery peers.
  std::vector<std::string> addresses() const;
  // The routes that cut spec's groups from each other.
  PartitionPlan plan(const PartitionSpec& spec) const;
  // Removes everything now (idempotent; the destructor calls it).
  void tear_down();

 private:
  std::string bridge_, world_address_;
  std::vector<Node> nodes_;
  bool up_ = false;
};

// Removes namespaces and links named like NetnsTopology's whose federate
// process no longer runs (a crashed or SIGKILLed run); returns how many.
int remove_stale_topologies();

// Runs `ip ARGS...`; returns its exit code, with its output in *output.
int run_ip(const std::vector<std::string>& args, std::string* output = nullptr);

}  // namespace bulwark::net
