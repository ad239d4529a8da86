// Seeded random streams.
//
// Every random draw in Bulwark comes from a stream derived from
// (scenario seed, replication, entity), never from a shared generator, so a
// Monte Carlo replication gives the same numbers whichever thread runs it and
// whatever else runs beside it. Streams are std::mt19937_64 seeded through
// SplitMix64 (Steele, Lea & Flood 2014), which decorrelates nearby seeds.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <random>
#include <string_view>

namespace bulwark {

using Rng = std::mt19937_64;

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Stable 64-bit hash of a name (FNV-1a), to derive entity keys from ids.
constexpr std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Mixes any number of keys into one seed; order matters.
constexpr std::uint64_t derive_seed(std::initializer_list<std::uint64_t> keys) {
  std::uint64_t s = 0x6A09E667F3BCC909ULL;
  for (std::uint64_t k : keys) s = splitmix64(s ^ splitmix64(k));
  return s;
}

inline Rng make_stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity) {
  return Rng(derive_seed({seed, replication, entity}));
}

}  // namespace bulwark
