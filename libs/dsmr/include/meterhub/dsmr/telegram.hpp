#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/obis.hpp"

/// A parsed P1 telegram (spec §2, §5). Views point into the frame text, which the caller keeps alive.
namespace meterhub::dsmr {

enum class dialect : std::uint8_t {
  dsmr2, ///< DSMR 2.2 / 3.0: no version line, no CRC
  dsmr4, ///< DSMR 4.x: 1-3:0.2.8(40|42)
  dsmr5, ///< DSMR 5.x: 1-3:0.2.8(50)
  emucs, ///< Belgian e-MUCS (Fluvius): 0-0:96.1.4
  smarty, ///< Luxembourg Smarty: header "Lux"
  han,   ///< Swedish / Nordic HAN: no version line, CRC present
  eon_hu, ///< E.ON Hungary: header "SAG", 0-0:42.0.0
};

const char* to_string(dialect d) noexcept;

enum class crc_status : std::uint8_t { absent, valid, invalid };

/// One COSEM line: `obis(group)(group)...`, plus continuation lines of a DSMR 2.2/3.0 gas object. The groups live
/// in the telegram's one group store (no allocation per line); `telegram::groups(obj)` gives them.
struct cosem_object {
  obis_code code;
  std::string_view obis_text; ///< as written before the first "("
  std::uint32_t first_group = 0;
  std::uint32_t group_count = 0;
};

struct telegram {
  std::string_view maker;   ///< the three-character flag after "/" ("ISk", "XMX", "FLU", "Lux", ...)
  std::string_view ident;   ///< the rest of the header line
  dialect kind = dialect::dsmr2;
  int version = 0;          ///< 1-3:0.2.8 value (40, 42, 50), 0 when absent
  crc_status crc = crc_status::absent;
  std::uint16_t crc_expected = 0; ///< computed over the frame
  std::uint16_t crc_received = 0; ///< sent by the meter
  std::vector<cosem_object> objects;
  std::vector<std::string_view> group_store; ///< the text inside each pair of parentheses, line after line
  /// Lines that could not be parsed, lenient about the typos in published examples; counted, not fatal.
  int warnings = 0;

  /// The first object with this code, or nullptr.
  const cosem_object* find(const obis_code& code) const noexcept;

  /// The groups of one object of this telegram.
  std::span<const std::string_view> groups(const cosem_object& obj) const noexcept {
    return {group_store.data() + obj.first_group, obj.group_count};
  }
};

/// The default publish policy: a valid CRC, or no CRC from a dialect that never sends one (DSMR 2.2/3.0).
inline bool crc_acceptable(const telegram& t) noexcept {
  return t.crc == crc_status::valid || (t.crc == crc_status::absent && t.kind == dialect::dsmr2);
}

/// Parses a frame and checks its CRC. A CRC mismatch is not an error here: `crc` says invalid and the caller
/// decides (the service drops and counts it); errors are for frames that are not telegrams at all.
caf::expected<telegram> parse_telegram(std::string_view frame);

} // namespace meterhub::dsmr
