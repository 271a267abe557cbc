#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace meterhub::ctl {

/// A plain text table with columns as wide as their widest cell, for terminal output.
class table {
public:
  explicit table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

private:
  std::vector<std::vector<std::string>> rows_;
};

/// A number as people read it: integers without decimals, others with up to 6 significant decimals.
std::string format_value(double v);

} // namespace meterhub::ctl
