// Closed-form leakage of a ballistic missile defence (Wilkening, "A simple
// model for calculating ballistic missile defense effectiveness", Science &
// Global Security 8, 2000; forms as derived in /work/shared/refs/leakage.md).
//
// Assumptions (exact under them): N identical warheads, independent shots of
// single-shot kill probability p, detection/tracking/discrimination
// probability P_d per warhead, no common-mode failure with probability P_s,
// kill assessment that sees a surviving warhead as alive with probability
// P_KA (kills are always seen as kills). The simulation engine is validated
// against these in tests/sim/test_wilkening.cpp (the Monte Carlo estimate
// must fall within its 99.9 % confidence interval of the closed form).
#pragma once

namespace bulwark::sim {

struct DefenceParams {
  int warheads = 1;       // N
  double pk = 0.0;        // p, single-shot kill probability
  double p_detect = 1.0;  // P_d
  double p_system = 1.0;  // P_s, no common-mode failure
};

struct LeakageFigures {
  double p_kill_per_warhead = 0.0;  // K
  double p_no_leaker = 0.0;         // P(zero leakers)
  double expected_leakers = 0.0;
  double expected_shots = 0.0;  // interceptors used, expected
};

// Salvo of n shots per warhead, ample inventory: K = P_d [1 - (1 - p)^n].
LeakageFigures salvo_leakage(const DefenceParams& d, int shots_per_warhead);

// Salvo with a limited inventory I < n N spread evenly: a = floor(I/N),
// b = I - aN warheads get a + 1 shots. Equal to salvo_leakage when I >= nN.
LeakageFigures salvo_leakage_limited(const DefenceParams& d, int shots_per_warhead, int inventory);

// Shoot-look-shoot, n1 then n2 shots, ample inventory, kill-assessment
// probability p_ka: K = P_d {1 - (1-p)^n1 [1 - P_KA (1 - (1-p)^n2)]}.
LeakageFigures shoot_look_shoot_leakage(const DefenceParams& d, int n1, int n2, double p_ka = 1.0);

// Shoot-look-shoot with finite inventory I >= n1 N and perfect kill
// assessment: P(no leaker) = P_s P_d^N sum_{s <= m} P(S = s) [1-(1-p)^n2]^s,
// S ~ Bin(N, (1-p)^n1), m = floor((I - n1 N) / n2). Only p_no_leaker is set.
LeakageFigures shoot_look_shoot_limited(const DefenceParams& d, int n1, int n2, int inventory);

// Binomial probability P(X = k), X ~ Bin(n, q).
double binomial_pmf(int n, int k, double q);

}  // namespace bulwark::sim
