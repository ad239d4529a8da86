// Reading CSV files with errors that name the file, the line and the column.
//
// All of Bulwark's CSV formats (docs/formats.md) have one header row; columns
// are found by name, so extra columns and any column order are accepted.
// Numbers must parse completely and be finite; an empty cell is "absent"
// only where the format allows it (optional_number).
#pragma once

#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::io {

class CsvReader {
 public:
  // Throws InputError when the file cannot be opened or has no header.
  explicit CsvReader(const std::string& path);
  CsvReader(std::istream& in, std::string name);

  // Index of a header column; throws InputError naming the missing column.
  int column(std::string_view name) const;
  bool has_column(std::string_view name) const;

  // Advances to the next non-blank row; false at end of file. Throws
  // InputError when the row's cell count differs from the header's.
  bool next();

  int line() const { return line_; }
  const std::string& name() const { return name_; }
  std::string_view text(int col) const { return cells_[static_cast<std::size_t>(col)]; }
  // A finite number; throws InputError (file, line, column) otherwise.
  double number(int col) const;
  // As number(), but an empty cell gives nullopt.
  std::optional<double> optional_number(int col) const;
  // Throws InputError at the current row for `col` with the given message.
  [[noreturn]] void fail(int col, const std::string& what) const;

 private:
  void read_header();
  std::unique_ptr<std::ifstream> file_;
  std::istream* in_ = nullptr;
  std::string name_;
  std::vector<std::string> header_;
  std::vector<std::string> cells_;
  std::string buffer_;
  int line_ = 0;
};

}  // namespace bulwark::io
