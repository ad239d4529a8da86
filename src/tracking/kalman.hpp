// Building blocks shared by the Kalman-type filters (3-D trackers and the
// 2-D re-entry benchmark), fixed-size and allocation-free:
//  * joseph_update: x += K nu, P = (I - K H) P (I - K H)' + K R K' with
//    K = P H' S^-1, S = H P H' + R (Bar-Shalom, Li & Kirubarajan 2001,
//    eq. 5.2.3-18); symmetric positive-definite for any K, so round-off
//    cannot make P indefinite.
//  * standard_update: the same result as P - K H P, checked and falling back
//    to joseph_update (the EKF's update).
//  * gain_update: the same from a cross-covariance (UKF form) P -= K S K'.
//  * pda_update: the PDA combination (Bar-Shalom, Willett & Tian 2011,
//    sec. 3.4.3) given the gain, S and weighted innovations.
//  * sigma points of the scaled unscented transform (Julier 2002; Wan & van
//    der Merwe 2000) with a matrix square root that falls back to an
//    eigen-decomposition when Cholesky fails.
//  * systematic resampling (Kitagawa 1996).
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace bulwark::tracking {

template <int N>
using Vec = Eigen::Matrix<double, N, 1>;
template <int R, int C>
using Mat = Eigen::Matrix<double, R, C>;

template <int N>
void symmetrize(Mat<N, N>& P) {
  P = 0.5 * (P + P.transpose()).eval();
}

// X = S^-1 B from the Cholesky factorisation of S (its factor L in the lower
// triangle of `llt`, L L' = S): forward then back substitution in the order
// of Eigen's LLT::solve, so the result has the same bits, without the
// overhead of its blocked solver on these tiny matrices (test
// KalmanBlocks.CholeskySolveHasEigensBits).
template <int M, int C>
Mat<M, C> cholesky_solve(const Mat<M, M>& llt, Mat<M, C> X) {
  for (int i = 0; i < M; ++i) {
    const double a = 1.0 / llt(i, i);
    for (int j = 0; j < C; ++j) {
      X(i, j) *= a;
      const double b = X(i, j);
      for (int r = i + 1; r < M; ++r) X(r, j) -= b * llt(r, i);
    }
  }
  for (int i = M - 1; i >= 0; --i) {
    const double a = 1.0 / llt(i, i);
    for (int j = 0; j < C; ++j) {
      double b = 0.0;
      for (int r = i + 1; r < M; ++r) b += llt(r, i) * X(r, j);
      X(i, j) = (X(i, j) - b) * a;
    }
  }
  return X;
}

// Whether the symmetric P is positive-definite: every pivot of its LDL'
// factorisation (no pivoting) is > 0, the test Cholesky makes, without its
// square roots and at a fraction of Eigen's LLT cost on these sizes.
template <int N>
bool positive_definite(const Mat<N, N>& P) {
  double l[N][N];
  double d[N];
  for (int j = 0; j < N; ++j) {
    double dj = P(j, j);
    for (int k = 0; k < j; ++k) dj -= l[j][k] * l[j][k] * d[k];
    if (!(dj > 0.0)) return false;  // also NaN
    d[j] = dj;
    const double inv = 1.0 / dj;
    for (int i = j + 1; i < N; ++i) {
      double e = P(i, j);
      for (int k = 0; k < j; ++k) e -= l[i][k] * l[j][k] * d[k];
      l[i][j] = e * inv;
    }
  }
  return true;
}

// Returns S = H P H' + R and applies the Joseph-form update with innovation nu.
template <int N, int M>
Mat<M, M> joseph_update(Vec<N>& x, Mat<N, N>& P, const Mat<M, N>& H, const Mat<M, M>& R,
                        const Vec<M>& nu, Mat<N, M>* gain = nullptr) {
  const Mat<N, M> PHt = P * H.transpose();
  Mat<M, M> S = H * PHt + R;
  symmetrize<M>(S);
  const Eigen::LLT<Mat<M, M>> llt(S);
  const Mat<N, M> K = cholesky_solve<M, N>(llt.matrixLLT(), PHt.transpose()).transpose();
  x += K * nu;
  const Mat<N, N> IKH = Mat<N, N>::Identity() - K * H;
  P = IKH * P * IKH.transpose() + K * R * K.transpose();
  symmetrize<N>(P);
  if (gain != nullptr) *gain = K;
  return S;
}

// Standard form: x += K nu, P -= K (P H')' = P - K S K' with K = P H' S^-1,
// S = H P H' + R. Equal to the Joseph form for this (optimal) gain in exact
// arithmetic at about a fifth of its flops (the trackers' hot path). Its
// round-off can leave P indefinite when the measurement is far more precise
// than the prior, so the result is checked (positive_definite) and the
// update is redone in Joseph's form when that fails (test
// KalmanBlocks.StandardUpdateMatchesJosephAndStaysPositiveDefinite). Returns
// false when the fallback was used.
template <int N, int M>
bool standard_update(Vec<N>& x, Mat<N, N>& P, const Mat<M, N>& H, const Mat<M, M>& R,
                     const Vec<M>& nu) {
  const Mat<N, M> PHt = P * H.transpose();
  Mat<M, M> S = H * PHt + R;
  symmetrize<M>(S);
  const Eigen::LLT<Mat<M, M>> llt(S);
  const Mat<N, M> K = cholesky_solve<M, N>(llt.matrixLLT(), PHt.transpose()).transpose();
  Mat<N, N> updated = P - K * PHt.transpose();
  symmetrize<N>(updated);
  if (positive_definite<N>(updated)) {
    x += K * nu;
    P = updated;
    return true;
  }
  joseph_update<N, M>(x, P, H, R, nu);
  return false;
}

// UKF form: K = Pxz S^-1, x += K nu, P -= K S K'.
template <int N, int M>
Mat<N, M> gain_update(Vec<N>& x, Mat<N, N>& P, const Mat<N, M>& Pxz, const Mat<M, M>& S,
                      const Vec<M>& nu) {
  const Eigen::LLT<Mat<M, M>> llt(S);
  const Mat<N, M> K = cholesky_solve<M, N>(llt.matrixLLT(), Pxz.transpose()).transpose();
  x += K * nu;
  P -= K * S * K.transpose();
  symmetrize<N>(P);
  return K;
}

// PDA (Bar-Shalom, Willett & Tian 2011, eq. 3.4.3-8 to -12) from the gain,
// S, the total association weight sum_b = sum b_i = 1 - b0, the combined
// innovation nu_c = sum b_i nu_i and spread = sum b_i nu_i nu_i':
// x += K nu_c; P = P - sum_b K S K' + K (spread - nu_c nu_c') K'.
template <int N, int M>
void pda_update(Vec<N>& x, Mat<N, N>& P, const Mat<N, M>& K, const Mat<M, M>& S, double sum_b,
                const Vec<M>& nu_c, const Mat<M, M>& spread) {
  x += K * nu_c;
  P = P - sum_b * (K * S * K.transpose()) + K * (spread - nu_c * nu_c.transpose()) * K.transpose();
  symmetrize<N>(P);
}

// Lower-triangular L with L L' = P; for a P that is not numerically
// positive-definite, the symmetric square root with negative eigenvalues
// clipped to 0.
template <int N>
Mat<N, N> matrix_sqrt(const Mat<N, N>& P) {
  const Eigen::LLT<Mat<N, N>> llt(P);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  const Eigen::SelfAdjointEigenSolver<Mat<N, N>> eig(P);
  const Vec<N> d = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eig.eigenvectors() * d.asDiagonal() * eig.eigenvectors().transpose();
}

// Scaled unscented transform: lambda = alpha^2 (N + kappa) - N, points
// x, x +/- sqrt(N + lambda) L_i; weights Wm0 = lambda / (N + lambda),
// Wc0 = Wm0 + 1 - alpha^2 + beta, Wi = 1 / (2 (N + lambda)).
struct UnscentedParams {
  double alpha = 1.0;
  double beta = 2.0;
  double kappa = 0.0;
};

template <int N>
struct SigmaPoints {
  std::array<Vec<N>, 2 * N + 1> points;
  double wm0 = 0.0;
  double wc0 = 0.0;
  double wi = 0.0;
  double wm(int i) const { return i == 0 ? wm0 : wi; }
  double wc(int i) const { return i == 0 ? wc0 : wi; }
};

template <int N>
void make_sigma_points(const Vec<N>& x, const Mat<N, N>& P, const UnscentedParams& u,
                       SigmaPoints<N>& out) {
  const double lambda = u.alpha * u.alpha * (N + u.kappa) - N;
  const double c = N + lambda;
  const Mat<N, N> L = matrix_sqrt<N>(P) * std::sqrt(c);
  out.points[0] = x;
  for (int i = 0; i < N; ++i) {
    out.points[1 + i] = x + L.col(i);
    out.points[1 + N + i] = x - L.col(i);
  }
  out.wm0 = lambda / c;
  out.wc0 = out.wm0 + 1.0 - u.alpha * u.alpha + u.beta;
  out.wi = 0.5 / c;
}

// Systematic resampling: indices[j] for j = 0..n-1 from normalised weights.
template <class Rng>
void systematic_resample(const std::vector<double>& weights, Rng& rng, std::vector<int>& indices) {
  const int n = static_cast<int>(weights.size());
  indices.resize(weights.size());
  std::uniform_real_distribution<double> uni(0.0, 1.0 / n);
  double u = uni(rng);
  double cum = weights[0];
  int i = 0;
  for (int j = 0; j < n; ++j) {
    while (u > cum && i < n - 1) cum += weights[++i];
    indices[j] = i;
    u += 1.0 / n;
  }
}

}  // namespace bulwark::tracking
