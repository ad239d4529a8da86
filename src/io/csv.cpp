#include "io/csv.hpp"

#include <charconv>
#include <cmath>

#include "common/error.hpp"

namespace bulwark::io {
namespace {

void split(const std::string& line, std::vector<std::string>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string cell = line.substr(start, comma == std::string::npos ? comma : comma - start);
    // Tolerate surrounding blanks and a Windows line end.
    const auto b = cell.find_first_not_of(" \t\r");
    const auto e = cell.find_last_not_of(" \t\r");
    out.push_back(b == std::string::npos ? std::string() : cell.substr(b, e - b + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

CsvReader::CsvReader(const std::string& path) : file_(std::make_unique<std::ifstream>(path)) {
  name_ = path;
  if (!*file_) throw InputError({path, 0, ""}, "cannot open file");
  in_ = file_.get();
  read_header();
}

CsvReader::CsvReader(std::istream& in, std::string name) : in_(&in), name_(std::move(name)) {
  read_header();
}

void CsvReader::read_header() {
  while (std::getline(*in_, buffer_)) {
    ++line_;
    if (!blank(buffer_)) {
      split(buffer_, header_);
      return;
    }
  }
  throw InputError({name_, line_, ""}, "empty file: expected a header row");
}

int CsvReader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  throw InputError({name_, 1, std::string(name)}, "missing column in header");
}

bool CsvReader::has_column(std::string_view name) const {
  for (const auto& h : header_)
    if (h == name) return true;
  return false;
}

bool CsvReader::next() {
  while (std::getline(*in_, buffer_)) {
    ++line_;
    if (blank(buffer_)) continue;
    split(buffer_, cells_);
    if (cells_.size() != header_.size())
      throw InputError({name_, line_, ""}, "row has " + std::to_string(cells_.size()) +
                                               " cells, header has " +
                                               std::to_string(header_.size()));
    return true;
  }
  return false;
}

void CsvReader::fail(int col, const std::string& what) const {
  const std::string field =
      col >= 0 && static_cast<std::size_t>(col) < header_.size() ? header_[static_cast<std::size_t>(col)] : "";
  throw InputError({name_, line_, field}, what);
}

double CsvReader::number(int col) const {
  const auto v = optional_number(col);
  if (!v) fail(col, "empty cell where a number is required");
  return *v;
}

std::optional<double> CsvReader::optional_number(int col) const {
  const std::string_view s = text(col);
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    fail(col, "not a number: '" + std::string(s) + "'");
  if (!std::isfinite(v)) fail(col, "not a finite number: '" + std::string(s) + "'");
  return v;
}

}  // namespace bulwark::io
