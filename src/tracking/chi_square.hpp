// Chi-square distribution for gating: the cumulative distribution function
// and its inverse (the gate threshold) for small integer degrees of freedom.
//
// A predicted measurement with innovation covariance S gates a measurement z
// when its squared Mahalanobis distance d2 = nu' S^-1 nu is at most
// chi2_quantile(P_G, dim) (Bar-Shalom, Willett & Tian, "Tracking and Data
// Fusion", 2011, sec. 2.3.2). The CDF is the regularised lower incomplete
// gamma function P(k/2, x/2) in closed form: for even k a finite Poisson sum,
// for odd k erf plus a finite sum (Abramowitz & Stegun 26.4.4, 26.4.5).
// Valid for 1 <= k <= 200 and P in (0, 1 - 1e-12]; the quantile is found by
// bisection to 1e-12 relative. Accuracy: matches the tabulated quantiles of
// A&S table 26.8 to their printed digits (test ChiSquare.QuantilesMatchTable).
#pragma once

namespace bulwark::tracking {

// P(X <= x) for X ~ chi2(k). Throws DomainError for k outside [1, 200].
double chi2_cdf(double x, int k);
// The x with chi2_cdf(x, k) = p. Throws DomainError for p outside (0, 1) or k outside [1, 200].
double chi2_quantile(double p, int k);

}  // namespace bulwark::tracking
