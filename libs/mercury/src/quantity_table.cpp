#include "quantity_table.hpp"

namespace meterhub::mercury::detail {

namespace {

using u = meterhub::unit;

// Spec §5, one row per BWRI family. Export codes for P and Q follow ARCHITECTURE.md §3 (import C + 1); PF keeps
// one code and carries the active direction as its sign (protocol.hpp note 13); angles as libs/neva publishes them.
constexpr std::array<aux_row, 10> aux_table{{
  {0x0, 0, {"1-0:1.7.0", "1-0:21.7.0", "1-0:41.7.0", "1-0:61.7.0"},
   {"1-0:2.7.0", "1-0:22.7.0", "1-0:42.7.0", "1-0:62.7.0"}, u::w, -2, direction::active, false},
  {0x0, 1, {"1-0:3.7.0", "1-0:23.7.0", "1-0:43.7.0", "1-0:63.7.0"},
   {"1-0:4.7.0", "1-0:24.7.0", "1-0:44.7.0", "1-0:64.7.0"}, u::var, -2, direction::reactive, false},
  {0x0, 2, {"1-0:9.7.0", "1-0:29.7.0", "1-0:49.7.0", "1-0:69.7.0"}, {}, u::va, -2, direction::none, false},
  {0x1, 0, {"", "1-0:32.7.0", "1-0:52.7.0", "1-0:72.7.0"}, {}, u::v, -2, direction::none, false},
  {0x2, 0, {"", "1-0:31.7.0", "1-0:51.7.0", "1-0:71.7.0"}, {}, u::a, -3, direction::none, false},
  {0x3, 0, {"1-0:13.7.0", "1-0:33.7.0", "1-0:53.7.0", "1-0:73.7.0"}, {}, u::none, -3, direction::active, false},
  {0x4, 0, {"1-0:14.7.0", "1-0:14.7.0", "1-0:14.7.0", "1-0:14.7.0"}, {}, u::hz, -2, direction::none, false},
  {0x5, 0, {"", "1-0:81.7.10", "1-0:81.7.20", "1-0:81.7.21"}, {}, u::degree, -2, direction::none, false},
  {0x6, 0, {"", "x:ku.1", "x:ku.2", "x:ku.3"}, {}, u::none, -2, direction::none, false},
  {0x7, 0, {"x:temperature", "x:temperature", "x:temperature", "x:temperature"}, {}, u::celsius, 0,
   direction::none, true},
}};

} // namespace

const aux_row* find_aux_row(std::uint8_t bwri) noexcept {
  const auto parameter = static_cast<std::uint8_t>(bwri >> 4);
  const auto kind = static_cast<std::uint8_t>((bwri >> 2) & 0x03);
  for (const auto& row : aux_table)
    if (row.parameter == parameter && row.power_kind == kind)
      return &row;
  return nullptr;
}

} // namespace meterhub::mercury::detail
