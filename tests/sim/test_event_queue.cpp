// Engine event ordering: (time, priority, sequence), deterministic.
#include <gtest/gtest.h>

#include "sim/event_queue.hpp"

namespace bulwark::sim {
namespace {

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  q.push(5.0, EventType::impact, 0);
  q.push(1.0, EventType::impact, 1);
  q.push(3.0, EventType::impact, 2);
  EXPECT_EQ(q.pop().subject, 1);
  EXPECT_EQ(q.pop().subject, 2);
  EXPECT_EQ(q.pop().subject, 0);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, SameTimeWorldBeforeCommandAndControl) {
  EventQueue q;
  q.push(2.0, EventType::bm_cycle, 0);
  q.push(2.0, EventType::sensor_dwell, 1);
  q.push(2.0, EventType::impact, 2);
  q.push(2.0, EventType::intercept, 3);
  q.push(2.0, EventType::threat_launch, 4);
  EXPECT_EQ(q.pop().type, EventType::threat_launch);
  EXPECT_EQ(q.pop().type, EventType::intercept);
  EXPECT_EQ(q.pop().type, EventType::impact);
  EXPECT_EQ(q.pop().type, EventType::sensor_dwell);
  EXPECT_EQ(q.pop().type, EventType::bm_cycle);
}

TEST(EventQueue, SameTimeAndPriorityInPushOrder) {
  EventQueue q;
  for (int i = 0; i < 100; ++i) q.push(7.0, EventType::intercept, i);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(q.pop().subject, i);
}

}  // namespace
}  // namespace bulwark::sim
