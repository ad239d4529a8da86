// Discrete-event queue of the simulation engine.
//
// Events are popped in (time, priority, sequence) order: earlier time first;
// at equal time the lower priority value first (the engine gives world
// events precedence over command-and-control events, see engine.cpp); at
// equal time and priority the event pushed first. The order is therefore a
// pure function of what was pushed, never of memory addresses or threads, so
// a replication is reproducible bit for bit. Binary heap: O(log n) per
// push/pop, no allocation once the underlying vector has grown.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace bulwark::sim {

enum class EventType : std::uint8_t {
  threat_launch,
  intercept,
  impact,
  sensor_dwell,
  bm_cycle,
};

// Same-time precedence (lower first): a threat launched at t exists for a
// dwell at t; intercepts resolve before an impact at the same instant;
// sensors look before command and control decides.
constexpr int priority_of(EventType type) {
  switch (type) {
    case EventType::threat_launch:
      return 0;
    case EventType::intercept:
      return 1;
    case EventType::impact:
      return 2;
    case EventType::sensor_dwell:
      return 3;
    case EventType::bm_cycle:
      return 4;
  }
  return 5;
}

struct Event {
  double t_s = 0.0;
  int priority = 0;
  std::uint64_t sequence = 0;
  EventType type = EventType::threat_launch;
  std::int32_t subject = -1;  // index of the threat, sensor or shot the event is about
};

struct EventLater {
  bool operator()(const Event& a, const Event& b) const {
    if (a.t_s != b.t_s) return a.t_s > b.t_s;
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.sequence > b.sequence;
  }
};

class EventQueue {
 public:
  void push(double t_s, EventType type, std::int32_t subject) {
    heap_.push(Event{t_s, priority_of(type), next_sequence_++, type, subject});
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.top(); }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  std::priority_queue<Event, std::vector<Event>, EventLater> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace bulwark::sim
