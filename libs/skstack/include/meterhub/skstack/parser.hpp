#pragma once

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/skstack/line_splitter.hpp"
#include "meterhub/skstack/message.hpp"
#include "meterhub/skstack/model.hpp"

namespace meterhub::skstack {

/// One line that stands alone (everything but the EPANDESC block lines) as a message of the given model's format.
/// `unknown_line` for a shape it does not know, `bad_field` / `bad_address` / `bad_length` for a known shape with a
/// broken field.
caf::expected<message> parse_line(module_model model, const raw_line& line);

/// Collects the indented lines of one EPANDESC block by field name (spec §2, §9.2: "parse by name, not position").
class pan_descriptor_builder {
public:
  /// One indented line ("  Channel:21"); `bad_field` when it has no colon.
  caf::error add(std::string_view line);

  /// The descriptor, or `incomplete_block` / `bad_field` when a required field is missing or not hex. Channel,
  /// Channel Page, Pan ID, Addr and LQI are required; Side is required on BP35C2; PairID is optional (only present
  /// when the beacon carries the IE) but must be an even number of hex digits.
  caf::expected<pan_descriptor> finish(module_model model) const;

private:
  std::map<std::string, std::string, std::less<>> fields_;
};

/// The splitter, the line parser and EPANDESC assembly in one: bytes in, messages out, in stream order.
///
/// An EPANDESC block ends at the first line that is not indented; its descriptor comes out before that line's
/// message. Errors come out in place of the line they stand for, so one bad line never stalls the stream.
class reader {
public:
  explicit reader(module_model model);

  /// Appends bytes read from the UART.
  void feed(std::span<const std::uint8_t> bytes);

  /// The next message or error, nullopt when more bytes are needed.
  std::optional<caf::expected<message>> next();

private:
  void route(const raw_line& line);

  module_model model_;
  line_splitter splitter_;
  std::optional<pan_descriptor_builder> block_;
  std::deque<caf::expected<message>> ready_;
};

} // namespace meterhub::skstack
